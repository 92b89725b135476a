package io.tidemark.streaming.scheduler;

import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@code callback(time)} at {@code start, start + period, …} on the given clock, on its
 * own thread, as Spark's {@code RecurringTimer}. A slow callback delays the next call but no
 * time is skipped. Thread-safe.
 */
public final class RecurringTimer {
  private static final Logger LOG = LoggerFactory.getLogger(RecurringTimer.class);
  private final Clock clock;
  private final long period;
  private final LongConsumer callback;
  private final Thread thread;
  private volatile long nextTime;
  private volatile boolean stopped;
  private volatile long stopAfter = Long.MAX_VALUE;

  public RecurringTimer(Clock clock, long periodMillis, LongConsumer callback, String name) {
    this.clock = clock;
    this.period = periodMillis;
    this.callback = callback;
    this.thread = new Thread(this::loop, name);
    this.thread.setDaemon(true);
  }

  /** Starts firing at {@code startTime}. */
  public void start(long startTime) {
    nextTime = startTime;
    thread.start();
  }

  /** The next time the timer will fire. */
  public long nextTime() {
    return nextTime;
  }

  /** Fires for every time up to and including {@code lastTime}, then stops by itself. */
  public void stopAfter(long lastTime) {
    stopAfter = lastTime;
  }

  /** Stops the timer now (interrupting a wait) and waits for its thread to end. */
  public void stop() {
    stopped = true;
    thread.interrupt();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits for the timer thread to end (after {@link #stopAfter} or {@link #stop}). */
  public void awaitStopped(long timeoutMillis) throws InterruptedException {
    thread.join(timeoutMillis);
  }

  private void loop() {
    try {
      while (!stopped && nextTime <= stopAfter) {
        clock.waitTillTime(nextTime);
        if (stopped) {
          break;
        }
        callback.accept(nextTime);
        nextTime += period;
      }
    } catch (InterruptedException e) {
      if (!stopped) {
        LOG.warn("batch timer interrupted", e);
      }
    }
  }
}

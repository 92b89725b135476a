package io.tidemark.streaming.scheduler;

/**
 * A clock that moves only when told to, for deterministic tests, as Spark's {@code
 * ManualClock}: batches fire as {@link #advance(long)} passes their times. Thread-safe.
 */
public final class ManualClock implements Clock {
  private long time;

  /** A clock at time 0. */
  public ManualClock() {
    this(0);
  }

  /** A clock at {@code startTimeMillis}. */
  public ManualClock(long startTimeMillis) {
    this.time = startTimeMillis;
  }

  @Override
  public synchronized long getTimeMillis() {
    return time;
  }

  /** Moves the clock forward by {@code millis} and wakes waiters. */
  public synchronized void advance(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("cannot move a clock backwards: " + millis);
    }
    time += millis;
    notifyAll();
  }

  /** Sets the clock to {@code timeMillis} and wakes waiters. */
  public synchronized void setTime(long timeMillis) {
    time = timeMillis;
    notifyAll();
  }

  @Override
  public synchronized long waitTillTime(long targetTimeMillis) throws InterruptedException {
    while (time < targetTimeMillis) {
      wait();
    }
    return time;
  }
}

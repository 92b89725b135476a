package io.tidemark.streaming.receiver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Buffers single records of a receiver and cuts them into a block every block interval, as
 * Spark's {@code BlockGenerator}; each non-empty block goes to {@code onBlock}. Thread-safe:
 * any number of receiver threads may {@link #add}. {@link #stop()} cuts the last block.
 */
public final class BlockGenerator<T> {
  private final Duration blockInterval;
  private final Consumer<List<T>> onBlock;
  private final ScheduledExecutorService timer;
  private List<T> buffer = new ArrayList<>();
  private boolean stopped;

  public BlockGenerator(Duration blockInterval, Consumer<List<T>> onBlock, String name) {
    if (blockInterval.toMillis() <= 0) {
      throw new IllegalArgumentException("block interval must be positive, got " + blockInterval);
    }
    this.blockInterval = blockInterval;
    this.onBlock = onBlock;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tidemark-block-generator-" + name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts cutting blocks every block interval. */
  public void start() {
    long ms = blockInterval.toMillis();
    timer.scheduleAtFixedRate(this::cutBlock, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Adds a record to the current block.
   *
   * @throws IllegalStateException after {@link #stop()}
   */
  public synchronized void add(T record) {
    if (stopped) {
      throw new IllegalStateException("the block generator is stopped");
    }
    buffer.add(record);
  }

  /** Cuts the current block now (also called by the timer). */
  public void cutBlock() {
    List<T> block;
    synchronized (this) {
      if (buffer.isEmpty()) {
        return;
      }
      block = buffer;
      buffer = new ArrayList<>();
    }
    onBlock.accept(block);
  }

  /** Stops accepting records, cuts the last block and stops the timer. Idempotent. */
  public void stop() {
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
    }
    timer.shutdown();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    cutBlock();
  }
}

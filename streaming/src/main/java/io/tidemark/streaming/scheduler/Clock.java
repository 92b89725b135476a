package io.tidemark.streaming.scheduler;

/**
 * The batch clock: the source of batch times. {@link SystemClock} in production, {@link
 * ManualClock} in tests (as Spark's {@code ManualClock}). Implementations are thread-safe.
 */
public interface Clock {

  /** Current time in milliseconds. */
  long getTimeMillis();

  /**
   * Blocks until the clock reads at least {@code targetTimeMillis}; returns the time then.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  long waitTillTime(long targetTimeMillis) throws InterruptedException;
}

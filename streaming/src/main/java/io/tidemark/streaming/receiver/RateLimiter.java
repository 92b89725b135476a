package io.tidemark.streaming.receiver;

/**
 * Limits a receiver to {@code maxRate} records per second (Spark's
 * {@code spark.streaming.receiver.maxRate}): {@link #acquire} blocks the storing thread until
 * the records fit. A token bucket holding at most one second of records. Thread-safe.
 */
public final class RateLimiter {
  private final double ratePerNano;
  private final double capacity;
  private double available;
  private long last = System.nanoTime();

  /** @param maxRate records per second, {@code > 0} */
  public RateLimiter(long maxRate) {
    if (maxRate <= 0) {
      throw new IllegalArgumentException("maxRate must be > 0, got " + maxRate);
    }
    this.ratePerNano = maxRate / 1e9;
    this.capacity = maxRate;
    this.available = 0;
  }

  /** Blocks until {@code records} may be stored. */
  public void acquire(int records) throws InterruptedException {
    long waitNanos;
    synchronized (this) {
      long now = System.nanoTime();
      available = Math.min(capacity, available + (now - last) * ratePerNano);
      last = now;
      available -= records;
      waitNanos = available >= 0 ? 0 : (long) (-available / ratePerNano);
    }
    if (waitNanos > 0) {
      java.util.concurrent.TimeUnit.NANOSECONDS.sleep(waitNanos);
    }
  }
}

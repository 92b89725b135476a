package io.tidemark.bench.spark;

import java.io.Serializable;

/**
 * The per-origin running statistics of the flights job, as Tidemark's {@code OriginStats}:
 * flights, summed delay (minutes), largest delay (minutes; {@link Integer#MIN_VALUE} when
 * empty) and flights delayed by more than 15 minutes. Immutable.
 */
final class SparkOriginStats implements Serializable {
  private static final long serialVersionUID = 1L;
  static final SparkOriginStats EMPTY = new SparkOriginStats(0, 0, Integer.MIN_VALUE, 0);

  final long count;
  final long sumDelay;
  final int maxDelay;
  final long delayedCount;

  SparkOriginStats(long count, long sumDelay, int maxDelay, long delayedCount) {
    this.count = count;
    this.sumDelay = sumDelay;
    this.maxDelay = maxDelay;
    this.delayedCount = delayedCount;
  }

  static SparkOriginStats of(SparkFlight f) {
    return new SparkOriginStats(1, f.delay, f.delay, f.delay > 15 ? 1 : 0);
  }

  SparkOriginStats plus(SparkOriginStats o) {
    return new SparkOriginStats(count + o.count, sumDelay + o.sumDelay, Math.max(maxDelay, o.maxDelay),
        delayedCount + o.delayedCount);
  }

  @Override
  public String toString() {
    return count + "," + sumDelay + "," + maxDelay + "," + delayedCount;
  }
}

package io.tidemark.bench.spark;

import java.io.Serializable;

/**
 * Flights and summed delay (minutes) of one route in a window, with {@link #minus} the inverse
 * of {@link #plus}, as Tidemark's {@code RouteDelay}. Immutable.
 */
final class SparkRouteDelay implements Serializable {
  private static final long serialVersionUID = 1L;

  final long count;
  final long sumDelay;

  SparkRouteDelay(long count, long sumDelay) {
    this.count = count;
    this.sumDelay = sumDelay;
  }

  static SparkRouteDelay of(SparkFlight f) {
    return new SparkRouteDelay(1, f.delay);
  }

  SparkRouteDelay plus(SparkRouteDelay o) {
    return new SparkRouteDelay(count + o.count, sumDelay + o.sumDelay);
  }

  SparkRouteDelay minus(SparkRouteDelay o) {
    return new SparkRouteDelay(count - o.count, sumDelay - o.sumDelay);
  }

  @Override
  public String toString() {
    return count + "," + sumDelay;
  }
}

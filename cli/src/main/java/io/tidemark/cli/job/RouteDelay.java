package io.tidemark.cli.job;

import io.tidemark.cli.flights.Flight;

/**
 * Count and summed delay of the flights of one route in a window: the value the {@code
 * route-window} operator reduces, with {@link #minus} as the inverse of {@link #plus}.
 * Immutable.
 *
 * @param count flights
 * @param sumDelay sum of their delays, minutes
 */
public record RouteDelay(long count, long sumDelay) {

  /** One flight. */
  public static RouteDelay of(Flight f) {
    return new RouteDelay(1, f.delay());
  }

  /** Both together. */
  public RouteDelay plus(RouteDelay other) {
    return new RouteDelay(count + other.count, sumDelay + other.sumDelay);
  }

  /** This without {@code other} (the inverse of {@link #plus}). */
  public RouteDelay minus(RouteDelay other) {
    return new RouteDelay(count - other.count, sumDelay - other.sumDelay);
  }

  /** Mean delay in minutes, 0 when empty. */
  public double meanDelay() {
    return count == 0 ? 0.0 : (double) sumDelay / count;
  }

  /** {@code count,meanDelay} with the mean to two decimals. */
  public String toCsvFields() {
    return count + "," + String.format(java.util.Locale.ROOT, "%.2f", meanDelay());
  }
}

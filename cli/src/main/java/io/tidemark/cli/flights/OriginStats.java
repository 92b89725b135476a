package io.tidemark.cli.flights;

/**
 * Running aggregate of the flights of one origin airport: the state the flights job keeps per
 * origin (via updateStateByKey) and the oracle computes with {@link FlightAggregates}.
 *
 * <p>Immutable and thread-safe; {@link #plus(Flight)} and {@link #plus(OriginStats)} return new
 * values. Merging is associative and commutative, with {@link #EMPTY} as identity.
 *
 * @param count number of flights
 * @param sumDelay sum of their delays, in minutes
 * @param maxDelay largest delay, in minutes; {@link Integer#MIN_VALUE} when {@code count == 0}
 * @param delayedCount number of flights with {@code delay > }{@value #DELAYED_THRESHOLD_MINUTES}
 */
public record OriginStats(long count, long sumDelay, int maxDelay, long delayedCount) {

  /** A flight counts as delayed when its delay is strictly greater than this, in minutes. */
  public static final int DELAYED_THRESHOLD_MINUTES = 15;

  /** The aggregate of no flights. */
  public static final OriginStats EMPTY = new OriginStats(0, 0, Integer.MIN_VALUE, 0);

  /** True if a delay in minutes counts as delayed ({@code > 15}). */
  public static boolean isDelayed(int delayMinutes) {
    return delayMinutes > DELAYED_THRESHOLD_MINUTES;
  }

  /** The aggregate of one flight (its origin is not checked). */
  public static OriginStats of(Flight flight) {
    return EMPTY.plus(flight);
  }

  /** This aggregate with one more flight (its origin is not checked). */
  public OriginStats plus(Flight flight) {
    int d = flight.delay();
    return new OriginStats(count + 1, sumDelay + d, Math.max(maxDelay, d),
        delayedCount + (isDelayed(d) ? 1 : 0));
  }

  /** The aggregate of the flights of both. */
  public OriginStats plus(OriginStats other) {
    return new OriginStats(count + other.count, sumDelay + other.sumDelay,
        Math.max(maxDelay, other.maxDelay), delayedCount + other.delayedCount);
  }

  /** {@code count,sumDelay,maxDelay,delayedCount}, e.g. {@code 3,42,30,1}. */
  public String toCsvFields() {
    return count + "," + sumDelay + "," + maxDelay + "," + delayedCount;
  }
}

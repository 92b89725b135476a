package io.tidemark.streaming;

import java.time.Duration;

/**
 * A batch time: milliseconds since the epoch on the job's batch clock, always a multiple of
 * the batch interval past the context's zero time. Follows Spark Streaming's {@code Time}.
 * Immutable and thread-safe.
 *
 * <p>{@link #equals} and {@link #hashCode} are written out: a record's generated ones bootstrap
 * {@code java.lang.runtime.ObjectMethods} through method handles at their first call, tens of
 * milliseconds in a fresh JVM, paid on every start and restart (batch times key maps).
 *
 * @param milliseconds time in ms
 */
public record Time(long milliseconds) implements Comparable<Time> {

  /** {@code this + duration}. */
  public Time plus(Duration duration) {
    return new Time(milliseconds + duration.toMillis());
  }

  /** {@code this - duration}. */
  public Time minus(Duration duration) {
    return new Time(milliseconds - duration.toMillis());
  }

  /** Whether {@code this} is strictly before {@code other}. */
  public boolean isBefore(Time other) {
    return milliseconds < other.milliseconds;
  }

  /** Whether {@code this} is strictly after {@code other}. */
  public boolean isAfter(Time other) {
    return milliseconds > other.milliseconds;
  }

  /** Whether {@code this - zero} is a whole multiple of {@code interval}. */
  public boolean isMultipleOf(Time zero, Duration interval) {
    return Math.floorMod(milliseconds - zero.milliseconds, interval.toMillis()) == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Time t && t.milliseconds == milliseconds;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(milliseconds);
  }

  @Override
  public int compareTo(Time other) {
    return Long.compare(milliseconds, other.milliseconds);
  }

  @Override
  public String toString() {
    return milliseconds + " ms";
  }
}

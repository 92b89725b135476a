package io.tidemark.cli.flights;

import java.util.Objects;

/**
 * One US domestic flight (vega-datasets {@code flights-*} record).
 *
 * <p>Immutable and thread-safe.
 *
 * @param timeMillis scheduled departure as epoch milliseconds, UTC. The source files carry a
 *     local wall-clock time without a zone ({@code "2001/01/01 00:47"}, or a Parquet timestamp
 *     with {@code isAdjustedToUTC=false}); it is read as if it were UTC, the same way for every
 *     format, so equal inputs give equal values.
 * @param delay arrival delay in minutes; negative when early
 * @param distance distance in miles
 * @param origin origin airport code (e.g. {@code "DTW"}); never null or blank
 * @param destination destination airport code; never null or blank
 */
public record Flight(long timeMillis, int delay, int distance, String origin, String destination)
    implements FlightRecord {

  /**
   * Validates the airport codes.
   *
   * @throws NullPointerException if {@code origin} or {@code destination} is null
   * @throws IllegalArgumentException if {@code origin} or {@code destination} is blank
   */
  public Flight {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(destination, "destination");
    if (origin.isBlank()) {
      throw new IllegalArgumentException("origin is blank");
    }
    if (destination.isBlank()) {
      throw new IllegalArgumentException("destination is blank");
    }
  }

  /** The route key {@code ORIGIN-DESTINATION}, e.g. {@code "DTW-LAS"}. */
  public String route() {
    return origin + '-' + destination;
  }
}

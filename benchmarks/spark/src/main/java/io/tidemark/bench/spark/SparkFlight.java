package io.tidemark.bench.spark;

import java.io.Serializable;

/**
 * One flight parsed from a CSV line {@code date,delay,distance,origin,destination} (the same
 * file the Tidemark side reads). Only what the job uses is kept: delay in minutes, origin and
 * destination airport codes.
 */
final class SparkFlight implements Serializable {
  private static final long serialVersionUID = 1L;

  final int delay;
  final String origin;
  final String destination;

  private SparkFlight(int delay, String origin, String destination) {
    this.delay = delay;
    this.origin = origin;
    this.destination = destination;
  }

  /**
   * Parses a line; returns null for a header, a blank or a malformed line (wrong field count,
   * non-integer delay or distance, empty airport), which the job drops, as Tidemark sends them
   * to its dead-letter directory. The date is not parsed: the job does not use it.
   */
  static SparkFlight parse(String line) {
    String[] f = line.split(",", -1);
    if (f.length != 5) {
      return null;
    }
    String origin = f[3].trim();
    String destination = f[4].trim();
    if (origin.isEmpty() || destination.isEmpty()) {
      return null;
    }
    try {
      int delay = Integer.parseInt(f[1].trim());
      Integer.parseInt(f[2].trim());
      return new SparkFlight(delay, origin, destination);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

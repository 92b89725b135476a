package io.tidemark.cli.job;

/**
 * A route, the key of {@code route-window}; printed {@code ORIGIN-DEST}. A record rather than
 * the concatenated string, so that keying a flight allocates no string and hashes the airport
 * codes' cached hashes. Immutable.
 *
 * @param origin origin airport code
 * @param destination destination airport code
 */
public record Route(String origin, String destination) {
  @Override
  public String toString() {
    return origin + "-" + destination;
  }
}

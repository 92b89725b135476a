package io.tidemark.cli.job;

import java.util.Objects;

/**
 * A route, the key of {@code route-window}; printed {@code ORIGIN-DEST}. A record rather than
 * the concatenated string, so that keying a flight allocates no string and hashes the airport
 * codes' cached hashes. Immutable.
 *
 * <p>{@link #equals} and {@link #hashCode} are written out: a record's generated ones run through
 * method handles, which are slow until the JIT has compiled them — in the job's first batches,
 * every flight's key is hashed and compared through them.
 *
 * @param origin origin airport code
 * @param destination destination airport code
 */
public record Route(String origin, String destination) {
  @Override
  public boolean equals(Object o) {
    return o instanceof Route r && Objects.equals(origin, r.origin) && Objects.equals(destination, r.destination);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hashCode(origin) + Objects.hashCode(destination);
  }

  @Override
  public String toString() {
    return origin + "-" + destination;
  }
}

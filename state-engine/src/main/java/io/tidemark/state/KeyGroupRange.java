package io.tidemark.state;

/**
 * An inclusive, immutable interval of key groups {@code [startKeyGroup, endKeyGroup]}, the
 * unit of state ownership: one partition of a stateful operator owns one range.
 *
 * <p>Follows Flink's {@code KeyGroupRange}. Thread-safe (immutable).
 *
 * @param startKeyGroup first key group, {@code >= 0}
 * @param endKeyGroup last key group (inclusive), {@code >= startKeyGroup - 1}; an empty range
 *     has {@code endKeyGroup == startKeyGroup - 1}
 */
public record KeyGroupRange(int startKeyGroup, int endKeyGroup) {

  /**
   * Validates the bounds.
   *
   * @throws IllegalArgumentException if {@code startKeyGroup < 0} or
   *     {@code endKeyGroup < startKeyGroup - 1}
   */
  public KeyGroupRange {
    if (startKeyGroup < 0 || endKeyGroup < startKeyGroup - 1) {
      throw new IllegalArgumentException(
          "invalid key group range [" + startKeyGroup + ", " + endKeyGroup + "]");
    }
  }

  /** Number of key groups in the range (0 for an empty range). */
  public int size() {
    return endKeyGroup - startKeyGroup + 1;
  }

  /** Whether {@code keyGroup} lies in this range. */
  public boolean contains(int keyGroup) {
    return keyGroup >= startKeyGroup && keyGroup <= endKeyGroup;
  }

  @Override
  public String toString() {
    return "[" + startKeyGroup + ", " + endKeyGroup + "]";
  }
}

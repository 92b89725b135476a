package io.tidemark.streaming.source;

/**
 * The records {@code [fromOffset, untilOffset)} of a replay input allocated to one batch, as a
 * Kafka offset range is in Spark's direct stream. Immutable.
 *
 * @param fromOffset first record index, inclusive
 * @param untilOffset last record index, exclusive; {@code >= fromOffset}
 */
public record OffsetRange(long fromOffset, long untilOffset) {
  public OffsetRange {
    if (fromOffset < 0 || untilOffset < fromOffset) {
      throw new IllegalArgumentException("invalid offset range [" + fromOffset + ", " + untilOffset + ")");
    }
  }

  /** Number of records in the range. */
  public long count() {
    return untilOffset - fromOffset;
  }
}

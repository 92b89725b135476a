package io.tidemark.streaming;

/**
 * The two values of one key matched by a join, Spark's {@code (V, W)}; printed as {@code (left,right)}.
 *
 * @param left the value from this stream
 * @param right the value from the other stream (an {@code Optional} for outer joins)
 */
public record JoinedValues<V, W>(V left, W right) {
  @Override
  public String toString() {
    return "(" + left + "," + right + ")";
  }
}

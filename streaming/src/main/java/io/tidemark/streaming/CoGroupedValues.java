package io.tidemark.streaming;

import java.util.List;

/**
 * The values of one key in two streams in one batch, Spark's {@code (Iterable[V],
 * Iterable[W])}; printed as {@code ([v…],[w…])}.
 *
 * @param left values from this stream, in arrival order
 * @param right values from the other stream, in arrival order
 */
public record CoGroupedValues<V, W>(List<V> left, List<W> right) {
  @Override
  public String toString() {
    return "(" + left + "," + right + ")";
  }
}

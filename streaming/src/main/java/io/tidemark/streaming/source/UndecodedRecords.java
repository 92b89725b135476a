package io.tidemark.streaming.source;

import java.util.List;

/**
 * A run of consecutive records of a {@link DeferredDecodingCursor}, read but not decoded: record
 * {@code i} (0-based) is the input's record at offset {@link #firstOffset()} {@code + i}.
 *
 * <p>Immutable once returned; {@link #decode} may be called from several threads at once (each
 * call decodes with its own parser), typically one call per partition of a batch.
 *
 * @param <T> record type
 */
public interface UndecodedRecords<T> {

  /** Offset in the input of record 0. */
  long firstOffset();

  /** Number of records, {@code >= 0}. */
  int size();

  /**
   * Decodes records {@code [from, to)} and appends them to {@code out} in order. Like {@link
   * ReplayCursor#next()}, a record that cannot be parsed is a value saying so, not an exception.
   *
   * @throws IndexOutOfBoundsException if {@code 0 <= from <= to <= size()} does not hold
   * @throws java.io.UncheckedIOException if decoding fails for a reason other than a record
   */
  void decode(int from, int to, List<? super T> out);
}

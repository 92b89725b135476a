package io.tidemark.streaming.source;

import java.io.IOException;

/**
 * A {@link ReplayCursor} that can hand out a run of records undecoded (e.g. the bytes of a run
 * of text lines), so that the replay source reads a batch in order on one thread — what a file
 * or stream requires — and decodes it on the batch's partitions in parallel, as Spark parses a
 * text file's lines in its tasks. Worth it where decoding costs more than reading (CSV and JSON
 * lines); the records and their offsets are the same as those of {@link #next()}.
 *
 * <p>{@link #nextUndecoded(int)} follows the cursor's thread rules (not thread-safe); see {@link
 * UndecodedRecords} for decoding.
 *
 * @param <T> record type
 */
public interface DeferredDecodingCursor<T> extends ReplayCursor<T> {

  /**
   * Reads the next {@code max} records undecoded and advances past them; fewer only at the end
   * of the input (none there). {@code nextUndecoded(n).decode(i, j, out)} then gives what {@code
   * n} calls of {@link #next()} would have returned, from the {@code i}-th to before the {@code
   * j}-th.
   *
   * @param max records to read, {@code >= 0}
   * @throws IOException if the underlying file cannot be read
   * @throws IllegalArgumentException if {@code max < 0}
   */
  UndecodedRecords<T> nextUndecoded(int max) throws IOException;
}

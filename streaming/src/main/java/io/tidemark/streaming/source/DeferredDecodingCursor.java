package io.tidemark.streaming.source;

import java.io.IOException;

/**
 * A {@link ReplayCursor} that can hand out records undecoded (e.g. a line of text), so that the
 * replay source reads a batch in order on one thread — what a file or stream requires — and
 * decodes it on the batch's partitions in parallel, as Spark parses a text file's lines in its
 * tasks. Worth it where decoding costs more than reading (CSV and JSON lines); the records and
 * their offsets are the same as those of {@link #next()}.
 *
 * <p>{@link #nextUndecoded()} follows the cursor's thread rules (not thread-safe); {@link
 * #newDecoder()} is thread-safe, and each decoder it returns is used by one thread.
 *
 * @param <R> undecoded record type
 * @param <T> record type
 */
public interface DeferredDecodingCursor<R, T> extends ReplayCursor<T> {

  /**
   * Returns the record at {@link #position()} undecoded and advances, or {@code null} at the end
   * of the input; {@code decoder.decode(undecoded, offset)} then equals what {@link #next()}
   * would have returned.
   *
   * @throws IOException if the underlying file cannot be read
   */
  R nextUndecoded() throws IOException;

  /** A new decoder, for one thread; thread-safe. */
  Decoder<R, T> newDecoder();

  /** Decodes undecoded records. Not thread-safe. */
  @FunctionalInterface
  interface Decoder<R, T> {
    /**
     * The record {@code undecoded} stands for. Like {@link ReplayCursor#next()}, a record that
     * cannot be parsed is a value saying so, not an exception.
     *
     * @param offset the record's offset in the input (for error reports)
     * @throws java.io.UncheckedIOException if decoding fails for a reason other than the record
     */
    T decode(R undecoded, long offset);
  }
}

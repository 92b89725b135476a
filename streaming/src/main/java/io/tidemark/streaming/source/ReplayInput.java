package io.tidemark.streaming.source;

import java.io.IOException;

/**
 * A finite, re-readable sequence of records addressed by offset (0-based record index), the
 * input of a replay source. Reading from the same offset always yields the same records, which
 * is what makes a batch's input (an offset range) re-readable after a failure, as Kafka offset
 * ranges are for Spark's direct stream.
 *
 * <p>Implementations are thread-safe to open; each cursor is used by one thread at a time (the
 * replay source opens its first cursor on a thread of its own and reads it on the job's).
 *
 * @param <T> record type
 */
public interface ReplayInput<T> {

  /** Human-readable name of the input for logs and errors (e.g. the file path). */
  String description();

  /**
   * Opens a cursor whose first {@link ReplayCursor#next()} returns the record at
   * {@code offset}.
   *
   * @param offset record index, {@code >= 0}; an offset past the end gives a cursor at the end
   * @throws IOException if the input cannot be opened or read up to {@code offset}
   */
  ReplayCursor<T> openAt(long offset) throws IOException;
}

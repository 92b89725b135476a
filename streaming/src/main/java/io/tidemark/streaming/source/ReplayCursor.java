package io.tidemark.streaming.source;

import java.io.Closeable;
import java.io.IOException;

/**
 * A forward cursor over a {@link ReplayInput}. Not thread-safe. {@link #close()} is idempotent.
 *
 * @param <T> record type
 */
public interface ReplayCursor<T> extends Closeable {

  /** Offset of the record the next call to {@link #next()} returns. */
  long position();

  /**
   * Returns the record at {@link #position()} and advances, or {@code null} at the end of the
   * input. A record that cannot be parsed is not an exception: implementations return a value
   * that says so (e.g. a malformed-record marker), so one bad record never stops a job.
   *
   * @throws IOException if the underlying file cannot be read
   */
  T next() throws IOException;
}

package io.tidemark.wal;

import java.util.Iterator;

/**
 * An {@link Iterator} over resources (open files) that must be released by {@link #close()}.
 *
 * <p>Use it in a try-with-resources block. {@link #hasNext()} and {@link #next()} may throw the
 * unchecked {@link WalException} (including {@link CorruptRecordException}) when the underlying
 * storage fails or holds a bad record. An iterator is not thread-safe: one thread consumes it.
 *
 * @param <T> the element type
 */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {

  /**
   * Releases the iterator's resources. Idempotent; after it, {@link #hasNext()} returns
   * {@code false}. Never throws a checked exception; an I/O error while closing is logged.
   */
  @Override
  void close();
}

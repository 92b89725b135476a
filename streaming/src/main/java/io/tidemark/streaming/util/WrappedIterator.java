package io.tidemark.streaming.util;

import java.util.Iterator;

/**
 * {@link CloseableIterator#wrap} and {@link CloseableIterator#closing}: an iterator over another
 * whose {@link #close()} closes a resource (the wrapped iterator itself, or none). An {@link
 * IsolatedClass} template, copied per wrapped iterator class.
 */
final class WrappedIterator<T> implements CloseableIterator<T> {
  private final Iterator<T> it;
  private final AutoCloseable resource;

  /** {@code resource} may be null: closing then does nothing. */
  WrappedIterator(Iterator<T> it, AutoCloseable resource) {
    this.it = it;
    this.resource = resource;
  }

  @Override
  public boolean hasNext() {
    return it.hasNext();
  }

  @Override
  public T next() {
    return it.next();
  }

  @Override
  public void close() {
    if (resource != null) {
      try {
        resource.close();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}

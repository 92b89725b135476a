package io.tidemark.streaming.util;

import java.util.Iterator;

/**
 * {@link CloseableIterator#wrap}: an iterator over another, closing it if it is {@link
 * AutoCloseable}. An {@link IsolatedClass} template, copied per wrapped iterator class.
 */
final class WrappedIterator<T> implements CloseableIterator<T> {
  private final Iterator<T> it;

  WrappedIterator(Iterator<T> it) {
    this.it = it;
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
    if (it instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}

package io.tidemark.streaming.util;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An iterator that may hold a resource (a RocksDB iterator or snapshot, a file) released by
 * {@link #close()}. Not thread-safe; {@code close} is idempotent.
 */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {

  @Override
  void close();

  /** An iterator over {@code it} that holds no resource; closes {@code it} if it is {@link AutoCloseable}. */
  static <T> CloseableIterator<T> wrap(Iterator<T> it) {
    return IsolatedIterators.wrap(it);
  }

  /** {@code it}, whose {@link #close()} closes {@code resource} (e.g. the iterator it reads from). */
  static <T> CloseableIterator<T> closing(Iterator<T> it, AutoCloseable resource) {
    return IsolatedIterators.closing(it, resource);
  }

  /** An iterator over a list. */
  static <T> CloseableIterator<T> of(List<T> list) {
    return wrap(list.iterator());
  }

  /** An empty iterator. */
  static <T> CloseableIterator<T> empty() {
    return wrap(java.util.Collections.emptyIterator());
  }

  /**
   * Lazily maps each element; closing the result closes this iterator. The result's class is a
   * copy per class of {@code f} ({@link IsolatedClass}), so that {@code f} is inlined where the
   * result is drained.
   */
  default <R> CloseableIterator<R> map(Function<? super T, ? extends R> f) {
    return IsolatedIterators.map(this, f);
  }

  /** Lazily keeps the elements that match {@code p}; as {@link #map}, a copy per class of {@code p}. */
  default CloseableIterator<T> filter(Predicate<? super T> p) {
    return IsolatedIterators.filter(this, p);
  }

  /** Lazily replaces each element by the elements of {@code f(element)}. */
  default <R> CloseableIterator<R> flatMap(Function<? super T, ? extends Iterator<? extends R>> f) {
    CloseableIterator<T> self = this;
    return new CloseableIterator<>() {
      private Iterator<? extends R> current = java.util.Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext()) {
          if (!self.hasNext()) {
            return false;
          }
          current = f.apply(self.next());
        }
        return true;
      }

      @Override
      public R next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }

      @Override
      public void close() {
        self.close();
      }
    };
  }
}

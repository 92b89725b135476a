package io.tidemark.streaming.util;

import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * {@link CloseableIterator#filter}: the elements of a source that match a predicate, lazily;
 * closing it closes the source. An {@link IsolatedClass} template, copied per predicate class.
 */
final class FilteredIterator<T> implements CloseableIterator<T> {
  private final CloseableIterator<T> source;
  private final Predicate<? super T> predicate;
  private T next;
  private boolean ready;

  FilteredIterator(CloseableIterator<T> source, Predicate<? super T> predicate) {
    this.source = source;
    this.predicate = predicate;
  }

  @Override
  public boolean hasNext() {
    while (!ready && source.hasNext()) {
      T candidate = source.next();
      if (predicate.test(candidate)) {
        next = candidate;
        ready = true;
      }
    }
    return ready;
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    ready = false;
    T result = next;
    next = null;
    return result;
  }

  @Override
  public void close() {
    source.close();
  }
}

package io.tidemark.streaming.util;

import java.util.function.Function;

/**
 * {@link CloseableIterator#map}: applies a function to each element lazily; closing it closes the
 * source. An {@link IsolatedClass} template, copied per function class.
 */
final class MappedIterator<T, R> implements CloseableIterator<R> {
  private final CloseableIterator<T> source;
  private final Function<? super T, ? extends R> f;

  MappedIterator(CloseableIterator<T> source, Function<? super T, ? extends R> f) {
    this.source = source;
    this.f = f;
  }

  @Override
  public boolean hasNext() {
    return source.hasNext();
  }

  @Override
  public R next() {
    return f.apply(source.next());
  }

  @Override
  public void close() {
    source.close();
  }
}

package io.tidemark.streaming.util;

import java.lang.invoke.MethodHandles;
import java.util.Iterator;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The iterators of {@link CloseableIterator#wrap}, {@link CloseableIterator#closing}, {@link
 * CloseableIterator#map} and {@link CloseableIterator#filter}, each from a copy of its class per
 * wrapped iterator class, function
 * class or predicate class ({@link IsolatedClass}): a chain built from a job's own functions is
 * then monomorphic at every step and C2 inlines it whole into the loop that drains it.
 */
final class IsolatedIterators {
  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  private static final IsolatedClass WRAPPED = IsolatedClass.of(LOOKUP, WrappedIterator.class, Iterator.class, AutoCloseable.class);
  private static final IsolatedClass MAPPED =
      IsolatedClass.of(LOOKUP, MappedIterator.class, CloseableIterator.class, Function.class);
  private static final IsolatedClass FILTERED =
      IsolatedClass.of(LOOKUP, FilteredIterator.class, CloseableIterator.class, Predicate.class);

  private IsolatedIterators() {}

  @SuppressWarnings("unchecked")
  static <T> CloseableIterator<T> wrap(Iterator<T> it) {
    return closing(it, it instanceof AutoCloseable c ? c : null);
  }

  @SuppressWarnings("unchecked")
  static <T> CloseableIterator<T> closing(Iterator<T> it, AutoCloseable resource) {
    return (CloseableIterator<T>) WRAPPED.newInstance(it.getClass(), it, resource);
  }

  @SuppressWarnings("unchecked")
  static <T, R> CloseableIterator<R> map(CloseableIterator<T> source, Function<? super T, ? extends R> f) {
    return (CloseableIterator<R>) MAPPED.newInstance(f.getClass(), source, f);
  }

  @SuppressWarnings("unchecked")
  static <T> CloseableIterator<T> filter(CloseableIterator<T> source, Predicate<? super T> predicate) {
    return (CloseableIterator<T>) FILTERED.newInstance(predicate.getClass(), source, predicate);
  }
}

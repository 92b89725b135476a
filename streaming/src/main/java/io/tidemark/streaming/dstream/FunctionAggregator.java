package io.tidemark.streaming.dstream;

import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * An aggregator of three functions (reduceByKey, combineByKey). An {@link
 * io.tidemark.streaming.util.IsolatedClass} template, copied per class of the merge function
 * ({@link KeyedShuffle#aggregator}), so that each operator's functions are inlined.
 */
final class FunctionAggregator<V, C> implements KeyedShuffle.Aggregator<V, C> {
  private final Function<V, C> createCombiner;
  private final BiFunction<C, V, C> mergeValue;
  private final BinaryOperator<C> mergeCombiners;

  FunctionAggregator(Function<V, C> createCombiner, BiFunction<C, V, C> mergeValue, BinaryOperator<C> mergeCombiners) {
    this.createCombiner = createCombiner;
    this.mergeValue = mergeValue;
    this.mergeCombiners = mergeCombiners;
  }

  @Override
  public C createCombiner(V value) {
    return createCombiner.apply(value);
  }

  @Override
  public C mergeValue(C combiner, V value) {
    return mergeValue.apply(combiner, value);
  }

  @Override
  public C mergeCombiners(C first, C second) {
    return mergeCombiners.apply(first, second);
  }
}

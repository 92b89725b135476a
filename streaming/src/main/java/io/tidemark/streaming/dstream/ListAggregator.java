package io.tidemark.streaming.dstream;

import java.util.ArrayList;
import java.util.List;

/** Collects a key's values in arrival order (groupByKey, cogroup, updateStateByKey). */
public final class ListAggregator<V> implements KeyedShuffle.Aggregator<V, List<V>> {
  private static final ListAggregator<Object> INSTANCE = new ListAggregator<>();

  private ListAggregator() {}

  @SuppressWarnings("unchecked")
  public static <V> ListAggregator<V> instance() {
    return (ListAggregator<V>) INSTANCE;
  }

  @Override
  public List<V> createCombiner(V value) {
    List<V> list = new ArrayList<>(4);
    list.add(value);
    return list;
  }

  @Override
  public List<V> mergeValue(List<V> combiner, V value) {
    combiner.add(value);
    return combiner;
  }

  @Override
  public List<V> mergeCombiners(List<V> first, List<V> second) {
    first.addAll(second);
    return first;
  }
}

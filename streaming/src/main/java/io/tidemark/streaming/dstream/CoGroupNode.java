package io.tidemark.streaming.dstream;

import io.tidemark.streaming.Batch;
import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.Time;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Groups several keyed streams by key: for every key present in any parent, one element
 * {@code (key, [values of parent 0, values of parent 1, …])}. Each parent is shuffled with the
 * same key-group partitioning, so equal keys meet in one partition. Keys appear in the order
 * of their first appearance, parent 0 first. The basis of join, leftOuterJoin and cogroup.
 */
public final class CoGroupNode<K> extends StreamNode<KeyValue<K, List<List<Object>>>> {
  private final List<StreamNode<? extends KeyValue<K, ?>>> parents;
  private final int numPartitions;

  public CoGroupNode(List<StreamNode<? extends KeyValue<K, ?>>> parents, int numPartitions) {
    super(parents.get(0).graph);
    this.parents = List.copyOf(parents);
    this.numPartitions = numPartitions;
  }

  @Override
  public List<StreamNode<?>> dependencies() {
    return List.copyOf(parents);
  }

  @Override
  public String kind() {
    return "cogroup";
  }

  @Override
  @SuppressWarnings("unchecked")
  protected Optional<Batch<KeyValue<K, List<List<Object>>>>> compute(Time time) {
    ExecutionEnvironment env = graph.env();
    int n = numPartitions > 0 ? numPartitions : env.partitions();
    KeyedShuffle.Aggregator<Object, List<Object>> grouping = ListAggregator.instance();
    List<List<List<KeyedEntry<K, List<Object>>>>> shuffled = new ArrayList<>();
    for (StreamNode<? extends KeyValue<K, ?>> parent : parents) {
      Optional<? extends Batch<? extends KeyValue<K, ?>>> batch = parent.getOrCompute(time);
      if (batch.isEmpty()) {
        return Optional.empty();
      }
      Batch<KeyValue<K, Object>> b = (Batch<KeyValue<K, Object>>) batch.get();
      shuffled.add(KeyedShuffle.shuffle(b, grouping, n, env));
    }
    int sources = parents.size();
    List<List<KeyValue<K, List<List<Object>>>>> out = new ArrayList<>(n);
    for (int q = 0; q < n; q++) {
      out.add(null);
    }
    env.tasks().runTasks(n, q -> {
      LinkedHashMap<K, List<List<Object>>> groups = new LinkedHashMap<>();
      for (int s = 0; s < sources; s++) {
        for (KeyedEntry<K, List<Object>> e : shuffled.get(s).get(q)) {
          List<List<Object>> g = groups.computeIfAbsent(e.key, k -> {
            List<List<Object>> lists = new ArrayList<>(sources);
            for (int i = 0; i < sources; i++) {
              lists.add(new ArrayList<>());
            }
            return lists;
          });
          g.get(s).addAll(e.value);
        }
      }
      List<KeyValue<K, List<List<Object>>>> part = new ArrayList<>(groups.size());
      groups.forEach((k, v) -> part.add(new KeyValue<>(k, v)));
      synchronized (out) {
        out.set(q, part);
      }
    });
    return Optional.of(Batch.ofPartitions(env.tasks(), out));
  }
}

package io.tidemark.streaming.dstream;

import io.tidemark.state.KeyGroupAssignment;
import io.tidemark.streaming.Batch;
import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.util.CloseableIterator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The shuffle of a keyed operation: every input partition combines its records per key
 * (map-side combine, as Spark's {@code combineByKey}), serialises each distinct key once,
 * assigns it a key group (a murmur3 hash of the serialised key, never {@code hashCode}) and
 * sends it to the partition owning that key group; every output partition then merges what it
 * received in input-partition order. The result is deterministic for a deterministic input.
 */
public final class KeyedShuffle {

  /** How values of one key are combined (Spark's {@code Aggregator}). */
  public interface Aggregator<V, C> {
    C createCombiner(V value);

    C mergeValue(C combiner, V value);

    C mergeCombiners(C first, C second);
  }

  private KeyedShuffle() {}

  /**
   * Shuffles {@code input} into {@code numPartitions} partitions of combined entries, each an
   * insertion-ordered map from key to entry.
   */
  public static <K, V, C> List<LinkedHashMap<K, KeyedEntry<K, C>>> shuffle(
      Batch<KeyValue<K, V>> input, Aggregator<V, C> aggregator, int numPartitions, ExecutionEnvironment env) {
    int keyGroups = env.keyGroups();
    if (numPartitions > keyGroups) {
      throw new IllegalArgumentException("a keyed operation has " + numPartitions
          + " partitions but there are only " + keyGroups + " key groups; raise tidemark.keyGroups");
    }
    int inputs = input.numPartitions();
    List<List<List<KeyedEntry<K, C>>>> buckets = new ArrayList<>(inputs);
    for (int p = 0; p < inputs; p++) {
      buckets.add(null);
    }
    env.tasks().runTasks(inputs, p -> {
      LinkedHashMap<K, KeyedEntry<K, C>> local = new LinkedHashMap<>();
      try (CloseableIterator<KeyValue<K, V>> it = input.iterator(p)) {
        while (it.hasNext()) {
          KeyValue<K, V> kv = it.next();
          KeyedEntry<K, C> entry = local.get(kv.key());
          if (entry == null) {
            byte[] keyBytes = env.serde().serialize(kv.key());
            int keyGroup = KeyGroupAssignment.keyGroupFor(keyBytes, keyGroups);
            local.put(kv.key(), new KeyedEntry<>(kv.key(), keyBytes, keyGroup, aggregator.createCombiner(kv.value())));
          } else {
            entry.value = aggregator.mergeValue(entry.value, kv.value());
          }
        }
      }
      List<List<KeyedEntry<K, C>>> out = new ArrayList<>(numPartitions);
      for (int q = 0; q < numPartitions; q++) {
        out.add(new ArrayList<>());
      }
      for (KeyedEntry<K, C> e : local.values()) {
        out.get(KeyGroupAssignment.partitionFor(e.keyGroup, keyGroups, numPartitions)).add(e);
      }
      synchronized (buckets) {
        buckets.set(p, out);
      }
    });
    List<LinkedHashMap<K, KeyedEntry<K, C>>> result = new ArrayList<>(numPartitions);
    for (int q = 0; q < numPartitions; q++) {
      result.add(null);
    }
    env.tasks().runTasks(numPartitions, q -> {
      LinkedHashMap<K, KeyedEntry<K, C>> merged = new LinkedHashMap<>();
      for (List<List<KeyedEntry<K, C>>> fromInput : buckets) {
        for (KeyedEntry<K, C> e : fromInput.get(q)) {
          KeyedEntry<K, C> existing = merged.putIfAbsent(e.key, e);
          if (existing != null) {
            existing.value = aggregator.mergeCombiners(existing.value, e.value);
          }
        }
      }
      synchronized (result) {
        result.set(q, merged);
      }
    });
    return result;
  }

  /** A batch reading shuffled partitions as key-value pairs. */
  public static <K, C> Batch<KeyValue<K, C>> asBatch(
      List<LinkedHashMap<K, KeyedEntry<K, C>>> partitions, ExecutionEnvironment env) {
    return new Batch<>(env.tasks()) {
      @Override
      public int numPartitions() {
        return partitions.size();
      }

      @Override
      public CloseableIterator<KeyValue<K, C>> iterator(int partition) {
        return CloseableIterator.wrap(partitions.get(partition).values().iterator())
            .map(e -> new KeyValue<>(e.key, e.value));
      }
    };
  }
}

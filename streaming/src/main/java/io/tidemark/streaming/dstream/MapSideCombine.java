package io.tidemark.streaming.dstream;

import io.tidemark.state.KeyGroupAssignment;
import io.tidemark.state.serde.KryoSerde;
import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.util.CloseableIterator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * One input partition's side of a {@link KeyedShuffle}: combines its records per key, serialises
 * each distinct key once, assigns its key group and sorts it to the output partition owning that
 * group. An {@link io.tidemark.streaming.util.IsolatedClass} template, copied per class of the
 * input partition's iterator, so that each keyed operator's loop is compiled for its own chain.
 */
final class MapSideCombine implements KeyedShuffle.PartitionCombiner {

  MapSideCombine() {}

  @Override
  public <K, V, C> List<List<KeyedEntry<K, C>>> combine(CloseableIterator<KeyValue<K, V>> it,
      KeyedShuffle.Aggregator<V, C> aggregator, KryoSerde serde, int keyGroups, int numPartitions) {
    List<List<KeyedEntry<K, C>>> out = new ArrayList<>(numPartitions);
    for (int q = 0; q < numPartitions; q++) {
      out.add(new ArrayList<>());
    }
    HashMap<K, KeyedEntry<K, C>> local = new HashMap<>();
    while (it.hasNext()) {
      KeyValue<K, V> kv = it.next();
      KeyedEntry<K, C> entry = local.get(kv.key());
      if (entry == null) {
        byte[] keyBytes = serde.serialize(kv.key());
        int keyGroup = KeyGroupAssignment.keyGroupFor(keyBytes, keyGroups);
        entry = new KeyedEntry<>(kv.key(), keyBytes, keyGroup, aggregator.createCombiner(kv.value()));
        local.put(kv.key(), entry);
        out.get(KeyGroupAssignment.partitionFor(keyGroup, keyGroups, numPartitions)).add(entry);
      } else {
        entry.value = aggregator.mergeValue(entry.value, kv.value());
      }
    }
    return out;
  }
}

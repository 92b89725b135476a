package io.tidemark.streaming.dstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.state.KeyGroupAssignment;
import io.tidemark.state.serde.KryoRegistry;
import io.tidemark.state.serde.KryoSerde;
import io.tidemark.streaming.Batch;
import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.scheduler.TaskPool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A keyed shuffle of a batch that a shuffle with the same partitioning produced moves nothing. */
class KeyedShuffleCoPartitionTest {
  private static final int KEY_GROUPS = 128;
  private TaskPool tasks;
  private ExecutionEnvironment env;

  @BeforeEach
  void start() {
    tasks = new TaskPool(2);
    env = new ExecutionEnvironment(tasks, new KryoSerde(KryoRegistry.builtInsOnly()), null, null, null, 2,
        KEY_GROUPS, null, null, null);
  }

  @AfterEach
  void stop() {
    tasks.close();
  }

  /** 3 input partitions of (key-i, 1) records, 40 keys, each key several times. */
  private Batch<KeyValue<String, Integer>> records() {
    List<List<KeyValue<String, Integer>>> parts = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      List<KeyValue<String, Integer>> part = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        part.add(KeyValue.of("key-" + (i * 7 + p) % 40, 1));
      }
      parts.add(part);
    }
    return Batch.ofPartitions(tasks, parts);
  }

  private ShuffledBatch<String, Integer> reducedInto(int partitions) {
    KeyedShuffle.Aggregator<Integer, Integer> sum = KeyedShuffle.aggregator(v -> v, Integer::sum, Integer::sum);
    return KeyedShuffle.asBatch(KeyedShuffle.shuffle(records(), sum, partitions, env), env);
  }

  @Test
  void aShuffledBatchWithTheSamePartitionsIsTakenInPlaceWithoutSerialisingItsKeysAgain() {
    ShuffledBatch<String, Integer> reduced = reducedInto(2);
    assertThat(reduced.isPartitionedAs(2, KEY_GROUPS)).isTrue();

    List<List<KeyedEntry<String, List<Integer>>>> grouped =
        KeyedShuffle.shuffle(reduced, ListAggregator.<Integer>instance(), 2, env);

    for (int q = 0; q < 2; q++) {
      List<KeyedEntry<String, Integer>> before = reduced.entries(q);
      List<KeyedEntry<String, List<Integer>>> after = grouped.get(q);
      assertThat(after).hasSameSizeAs(before);
      for (int i = 0; i < before.size(); i++) {
        assertThat(after.get(i).key).isEqualTo(before.get(i).key);
        assertThat(after.get(i).keyBytes).isSameAs(before.get(i).keyBytes);
        assertThat(after.get(i).keyGroup).isEqualTo(before.get(i).keyGroup);
        assertThat(after.get(i).value).containsExactly(before.get(i).value);
      }
      // a fresh list the caller may sort; the remembered batch keeps its own order and values
      assertThat(after).isNotSameAs(before);
    }
  }

  @Test
  void takenInPlaceOrShuffledAgainGivesTheSameKeysAndValues() {
    ShuffledBatch<String, Integer> reduced = reducedInto(2);
    Map<String, Integer> expected = new HashMap<>();
    for (KeyValue<String, Integer> kv : records().collect()) {
      expected.merge(kv.key(), kv.value(), Integer::sum);
    }

    assertThat(asMap(KeyedShuffle.shuffle(reduced, ListAggregator.<Integer>instance(), 2, env), 2))
        .isEqualTo(expected);
    // another number of partitions: a real shuffle, every key in the partition owning its group
    assertThat(reduced.isPartitionedAs(3, KEY_GROUPS)).isFalse();
    List<List<KeyedEntry<String, List<Integer>>>> three =
        KeyedShuffle.shuffle(reduced, ListAggregator.<Integer>instance(), 3, env);
    assertThat(asMap(three, 3)).isEqualTo(expected);
    assertThat(three.get(0).get(0).keyBytes).isNotSameAs(findEntry(reduced, three.get(0).get(0).key).keyBytes);
  }

  private static KeyedEntry<String, Integer> findEntry(ShuffledBatch<String, Integer> batch, String key) {
    for (int q = 0; q < batch.numPartitions(); q++) {
      for (KeyedEntry<String, Integer> e : batch.entries(q)) {
        if (e.key.equals(key)) {
          return e;
        }
      }
    }
    throw new AssertionError("no entry for " + key);
  }

  private static Map<String, Integer> asMap(List<List<KeyedEntry<String, List<Integer>>>> partitions, int n) {
    Map<String, Integer> out = new HashMap<>();
    for (int q = 0; q < n; q++) {
      for (KeyedEntry<String, List<Integer>> e : partitions.get(q)) {
        assertThat(KeyGroupAssignment.partitionFor(e.keyGroup, KEY_GROUPS, n)).isEqualTo(q);
        assertThat(e.value).hasSize(1);
        assertThat(out.put(e.key, e.value.get(0))).as("key %s in one entry", e.key).isNull();
      }
    }
    return out;
  }
}

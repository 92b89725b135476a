package io.tidemark.streaming.dstream;

import io.tidemark.state.serde.KryoSerde;
import io.tidemark.streaming.Batch;
import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.util.CloseableIterator;
import io.tidemark.streaming.util.IsolatedClass;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;

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

  /** One input partition's map-side combine ({@link MapSideCombine}). */
  interface PartitionCombiner {
    /**
     * Drains {@code it} into {@code numPartitions} lists of combined entries, one entry per
     * distinct key, each list in first-arrival order.
     */
    <K, V, C> List<List<KeyedEntry<K, C>>> combine(CloseableIterator<KeyValue<K, V>> it,
        Aggregator<V, C> aggregator, KryoSerde serde, int keyGroups, int numPartitions);
  }

  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  private static final IsolatedClass COMBINES = IsolatedClass.of(LOOKUP, MapSideCombine.class);
  private static final IsolatedClass AGGREGATORS = IsolatedClass.of(LOOKUP, FunctionAggregator.class,
      Function.class, BiFunction.class, BinaryOperator.class);

  private KeyedShuffle() {}

  /**
   * The aggregator of three functions, from a copy of its class per class of {@code
   * mergeCombiners} ({@link IsolatedClass}): for reduceByKey that is the user's reduce function,
   * so each operator's calls of it are monomorphic and inlined.
   */
  @SuppressWarnings("unchecked")
  public static <V, C> Aggregator<V, C> aggregator(Function<V, C> createCombiner, BiFunction<C, V, C> mergeValue,
      BinaryOperator<C> mergeCombiners) {
    return (Aggregator<V, C>) AGGREGATORS.newInstance(mergeCombiners.getClass(), createCombiner, mergeValue,
        mergeCombiners);
  }

  /**
   * Shuffles {@code input} into {@code numPartitions} partitions of combined entries, one entry
   * per distinct key, each partition a fresh mutable list in first-arrival order (input
   * partition order, then record order): deterministic for a deterministic input.
   *
   * <p>When {@code input} is a {@link ShuffledBatch} partitioned the same way (e.g. reduceByKey
   * then updateStateByKey with the same partitions), nothing moves: each partition's entries are
   * taken in place, their keys not serialised again, each value through {@code
   * createCombiner} (Spark's cogroup with the parent's partitioner).
   */
  public static <K, V, C> List<List<KeyedEntry<K, C>>> shuffle(
      Batch<KeyValue<K, V>> input, Aggregator<V, C> aggregator, int numPartitions, ExecutionEnvironment env) {
    int keyGroups = env.keyGroups();
    if (numPartitions > keyGroups) {
      throw new IllegalArgumentException("a keyed operation has " + numPartitions
          + " partitions but there are only " + keyGroups + " key groups; raise tidemark.keyGroups");
    }
    if (input instanceof ShuffledBatch<K, V> shuffled && shuffled.isPartitionedAs(numPartitions, keyGroups)) {
      return inPlace(shuffled, aggregator, env);
    }
    int inputs = input.numPartitions();
    List<List<List<KeyedEntry<K, C>>>> buckets = new ArrayList<>(inputs);
    for (int p = 0; p < inputs; p++) {
      buckets.add(null);
    }
    env.tasks().runTasks(inputs, p -> {
      List<List<KeyedEntry<K, C>>> out;
      try (CloseableIterator<KeyValue<K, V>> it = input.iterator(p)) {
        // a copy of the loop per iterator class: each operator's chain gets its own profile
        PartitionCombiner combine = (PartitionCombiner) COMBINES.newInstance(it.getClass());
        out = combine.combine(it, aggregator, env.serde(), keyGroups, numPartitions);
      }
      synchronized (buckets) {
        buckets.set(p, out);
      }
    });
    List<List<KeyedEntry<K, C>>> result = new ArrayList<>(numPartitions);
    for (int q = 0; q < numPartitions; q++) {
      result.add(null);
    }
    env.tasks().runTasks(numPartitions, q -> {
      List<KeyedEntry<K, C>> merged = mergeInputs(buckets, q, aggregator);
      synchronized (result) {
        result.set(q, merged);
      }
    });
    return result;
  }

  /** A co-partitioned input's entries with combiners of their values, a task per partition. */
  private static <K, V, C> List<List<KeyedEntry<K, C>>> inPlace(ShuffledBatch<K, V> input,
      Aggregator<V, C> aggregator, ExecutionEnvironment env) {
    int n = input.numPartitions();
    List<List<KeyedEntry<K, C>>> result = new ArrayList<>(n);
    for (int q = 0; q < n; q++) {
      result.add(null);
    }
    env.tasks().runTasks(n, q -> {
      List<KeyedEntry<K, V>> from = input.entries(q);
      List<KeyedEntry<K, C>> to = new ArrayList<>(from.size());
      for (KeyedEntry<K, V> e : from) { // keys are distinct within a partition already
        to.add(e.withValue(aggregator.createCombiner(e.value)));
      }
      synchronized (result) {
        result.set(q, to);
      }
    });
    return result;
  }

  /** Output partition {@code q}'s entries from every input partition, one per key. */
  private static <K, C> List<KeyedEntry<K, C>> mergeInputs(
      List<List<List<KeyedEntry<K, C>>>> buckets, int q, Aggregator<?, C> aggregator) {
    int total = 0;
    int contributing = 0;
    List<KeyedEntry<K, C>> last = null;
    for (List<List<KeyedEntry<K, C>>> fromInput : buckets) {
      List<KeyedEntry<K, C>> part = fromInput.get(q);
      if (!part.isEmpty()) {
        total += part.size();
        contributing++;
        last = part;
      }
    }
    if (contributing == 0) {
      return new ArrayList<>();
    }
    if (contributing == 1) {
      return last; // its keys are distinct already
    }
    HashMap<K, KeyedEntry<K, C>> byKey = new HashMap<>((int) (total / 0.75f) + 1);
    List<KeyedEntry<K, C>> merged = new ArrayList<>(total);
    for (List<List<KeyedEntry<K, C>>> fromInput : buckets) {
      for (KeyedEntry<K, C> e : fromInput.get(q)) {
        KeyedEntry<K, C> existing = byKey.putIfAbsent(e.key, e);
        if (existing == null) {
          merged.add(e);
        } else {
          existing.value = aggregator.mergeCombiners(existing.value, e.value);
        }
      }
    }
    return merged;
  }

  /** A batch reading shuffled partitions as key-value pairs, partitioned over the context's key groups. */
  public static <K, C> ShuffledBatch<K, C> asBatch(
      List<List<KeyedEntry<K, C>>> partitions, ExecutionEnvironment env) {
    return new ShuffledBatch<>(env.tasks(), partitions, env.keyGroups());
  }
}

package io.tidemark.streaming.dstream;

import io.tidemark.state.StateStore;
import io.tidemark.state.StateWriteBatch;
import io.tidemark.state.serde.KryoSerde;
import io.tidemark.streaming.Batch;
import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.Time;
import io.tidemark.streaming.scheduler.CrashPoint;
import io.tidemark.streaming.scheduler.FaultInjection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;

/**
 * {@code reduceByKeyAndWindow} with an inverse function, as Spark's {@code
 * ReducedWindowedDStream}: the window's value of a key is computed incrementally from the
 * previous window's value, {@code reduce(invReduce(previous, leaving), entering)}, where
 * {@code leaving} are the key's per-batch reduced values that left the window and {@code
 * entering} those that entered it. The previous window's values live in the state store, so
 * only keys with entering or leaving values are read and written; an optional filter drops
 * keys (e.g. whose count fell to zero) from the window state.
 *
 * <p>A key with no previous value takes the reduce of its entering values (its leaving values,
 * from before it was filtered out, are ignored), as in Spark. The parent is the per-batch
 * {@code reduceByKey} of the input; it remembers its batches for the window plus one slide.
 * Its batches are partitioned as this node's state, so partition {@code p} combines the leaving
 * and entering values of partition {@code p} of each, in its own task, with the keys serialised
 * once by that reduceByKey (as Spark's cogroup of RDDs sharing a partitioner, which shuffles
 * nothing).
 */
public final class ReducedWindowNode<K, V> extends StatefulNode<KeyValue<K, V>> {
  private final ShuffledNode<K, V, V> reducedParent;
  private final BinaryOperator<V> reduce;
  private final BinaryOperator<V> invReduce;
  private final Predicate<KeyValue<K, V>> filter;
  private final Duration windowDuration;
  private final Duration slideDuration;

  public ReducedWindowNode(ShuffledNode<K, V, V> reducedParent, BinaryOperator<V> reduce,
      BinaryOperator<V> invReduce, Predicate<KeyValue<K, V>> filter, Duration windowDuration,
      Duration slideDuration, int numPartitions) {
    super(reducedParent.graph, numPartitions);
    this.reducedParent = reducedParent;
    this.reduce = reduce;
    this.invReduce = invReduce;
    this.filter = filter;
    this.windowDuration = windowDuration;
    this.slideDuration = slideDuration;
  }

  @Override
  protected Object decodeStateValue(byte[] stored) {
    return graph.env().serde().deserialize(stored);
  }

  @Override
  public List<StreamNode<?>> dependencies() {
    return List.of(reducedParent);
  }

  @Override
  public String kind() {
    return "reduceByKeyAndWindow";
  }

  @Override
  public Duration slideDuration() {
    return slideDuration;
  }

  @Override
  protected Duration parentReach() {
    return windowDuration.plus(slideDuration);
  }

  @Override
  public void validateAtStart() {
    super.validateAtStart();
    WindowNode.checkMultiple(uid(), "window duration", windowDuration, reducedParent.slideDuration());
    WindowNode.checkMultiple(uid(), "slide duration", slideDuration, reducedParent.slideDuration());
  }

  @Override
  public void start() {
    super.start();
    if (reducedParent.partitions() != numPartitions()) { // both come from the same numPartitions
      throw new IllegalStateException(uid() + ": its reduceByKey has " + reducedParent.partitions()
          + " partitions, its state " + numPartitions());
    }
  }

  /** Combines what one key gained and lost in one slide. */
  private final class Delta {
    V leaving;
    boolean hasLeaving;
    V entering;
    boolean hasEntering;

    void add(boolean isEntering, V v) {
      if (isEntering) {
        entering = hasEntering ? reduce.apply(entering, v) : v;
        hasEntering = true;
      } else {
        leaving = hasLeaving ? reduce.apply(leaving, v) : v;
        hasLeaving = true;
      }
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  protected Optional<Batch<KeyValue<K, V>>> compute(Time time) {
    ExecutionEnvironment env = graph.env();
    List<Batch<KeyValue<K, V>>> leaving = reducedParent.slice(time.minus(windowDuration).minus(slideDuration), time.minus(windowDuration));
    List<Batch<KeyValue<K, V>>> entering = reducedParent.slice(time.minus(slideDuration), time);
    List<ShuffledBatch<K, V>> leavingEntries = coPartitioned(leaving, env);
    List<ShuffledBatch<K, V>> enteringEntries = coPartitioned(entering, env);
    env.tasks().runTasks(numPartitions(), p -> {
      if (!alreadyCommitted(p, time)) {
        updatePartition(p, time, deltas(p, leavingEntries, enteringEntries), env.serde());
      }
    });
    return Optional.of(stateBatch(time, bytes -> (V) env.serde().deserialize(bytes)));
  }

  /**
   * The parent's batches as shuffle results partitioned as this node's state, so that partition
   * {@code p}'s deltas are read from partition {@code p} of each and nothing is shuffled again
   * (Spark's cogroup of RDDs that share the partitioner).
   *
   * @throws IllegalStateException if a batch is partitioned otherwise (the parent's partitions
   *     were checked at start; this would be a bug)
   */
  private List<ShuffledBatch<K, V>> coPartitioned(List<Batch<KeyValue<K, V>>> batches, ExecutionEnvironment env) {
    List<ShuffledBatch<K, V>> out = new ArrayList<>(batches.size());
    for (Batch<KeyValue<K, V>> b : batches) {
      if (!(b instanceof ShuffledBatch<K, V> s && s.isPartitionedAs(numPartitions(), env.keyGroups()))) {
        throw new IllegalStateException(uid() + ": a batch of its reduceByKey is not partitioned as its "
            + numPartitions() + " state partitions over " + env.keyGroups() + " key groups: " + b);
      }
      out.add(s);
    }
    return out;
  }

  /**
   * Partition {@code p}'s deltas from partition {@code p} of the parent's batches, in the order
   * the shuffle would combine them: leaving batches oldest first, then entering ones.
   */
  private List<KeyedEntry<K, Delta>> deltas(int p, List<ShuffledBatch<K, V>> leaving,
      List<ShuffledBatch<K, V>> entering) {
    int upTo = 0;
    for (List<ShuffledBatch<K, V>> batches : List.of(leaving, entering)) {
      for (ShuffledBatch<K, V> b : batches) {
        upTo += b.entries(p).size();
      }
    }
    HashMap<K, KeyedEntry<K, Delta>> byKey = new HashMap<>((int) (upTo / 0.75f) + 1);
    List<KeyedEntry<K, Delta>> out = new ArrayList<>(upTo);
    for (List<ShuffledBatch<K, V>> batches : List.of(leaving, entering)) {
      boolean isEntering = batches == entering;
      for (ShuffledBatch<K, V> b : batches) {
        for (KeyedEntry<K, V> e : b.entries(p)) {
          KeyedEntry<K, Delta> d = byKey.get(e.key);
          if (d == null) {
            d = e.withValue(new Delta());
            byKey.put(e.key, d);
            out.add(d);
          }
          d.value.add(isEntering, e.value);
        }
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private void updatePartition(int p, Time time, List<KeyedEntry<K, Delta>> entries, KryoSerde serde) {
    entries.sort(KeyedEntry.STATE_ORDER);
    StateStore store = store(p);
    int[] groups = new int[entries.size()];
    List<byte[]> keyBytes = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      groups[i] = entries.get(i).keyGroup;
      keyBytes.add(entries.get(i).keyBytes);
    }
    List<byte[]> previous = entries.isEmpty() ? List.of() : store.multiGet(groups, keyBytes);
    long keys = store.numKeys();
    StateWriteBatch writes = store.newWriteBatch();
    try {
      for (int i = 0; i < entries.size(); i++) {
        KeyedEntry<K, Delta> e = entries.get(i);
        Delta d = e.value;
        byte[] prevBytes = previous.get(i);
        V value;
        if (prevBytes == null) {
          if (!d.hasEntering) {
            continue;
          }
          value = d.entering;
        } else {
          value = (V) serde.deserialize(prevBytes);
          if (d.hasLeaving) {
            value = invReduce.apply(value, d.leaving);
          }
          if (d.hasEntering) {
            value = reduce.apply(value, d.entering);
          }
        }
        if (filter != null && !filter.test(new KeyValue<>(e.key, value))) {
          if (prevBytes != null) {
            writes.delete(e.keyGroup, e.keyBytes);
            keys--;
          }
        } else {
          writes.put(e.keyGroup, e.keyBytes, serde.serialize(value));
          if (prevBytes == null) {
            keys++;
          }
        }
      }
      FaultInjection.reached(CrashPoint.IN_TASK);
      store.commit(writes, time.milliseconds(), keys);
      FaultInjection.reached(CrashPoint.AFTER_STATE_COMMIT);
    } finally {
      writes.close();
    }
  }
}

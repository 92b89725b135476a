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
 */
public final class ReducedWindowNode<K, V> extends StatefulNode<KeyValue<K, V>> {
  private final StreamNode<KeyValue<K, V>> reducedParent;
  private final BinaryOperator<V> reduce;
  private final BinaryOperator<V> invReduce;
  private final Predicate<KeyValue<K, V>> filter;
  private final Duration windowDuration;
  private final Duration slideDuration;

  public ReducedWindowNode(StreamNode<KeyValue<K, V>> reducedParent, BinaryOperator<V> reduce,
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

    Delta merge(Delta other) {
      if (other.hasLeaving) {
        add(false, other.leaving);
      }
      if (other.hasEntering) {
        add(true, other.entering);
      }
      return this;
    }
  }

  private record Tagged<V>(boolean entering, V value) {}

  @Override
  @SuppressWarnings("unchecked")
  protected Optional<Batch<KeyValue<K, V>>> compute(Time time) {
    ExecutionEnvironment env = graph.env();
    List<Batch<KeyValue<K, V>>> leaving = reducedParent.slice(time.minus(windowDuration).minus(slideDuration), time.minus(windowDuration));
    List<Batch<KeyValue<K, V>>> entering = reducedParent.slice(time.minus(slideDuration), time);
    Batch<KeyValue<K, Tagged<V>>> changes = Batch.ofPartitions(env.tasks(), List.of());
    for (Batch<KeyValue<K, V>> b : leaving) {
      changes = changes.union(b.map(kv -> new KeyValue<>(kv.key(), new Tagged<>(false, kv.value()))));
    }
    for (Batch<KeyValue<K, V>> b : entering) {
      changes = changes.union(b.map(kv -> new KeyValue<>(kv.key(), new Tagged<>(true, kv.value()))));
    }
    KeyedShuffle.Aggregator<Tagged<V>, Delta> deltas = new KeyedShuffle.Aggregator<>() {
      @Override
      public Delta createCombiner(Tagged<V> v) {
        Delta d = new Delta();
        d.add(v.entering(), v.value());
        return d;
      }

      @Override
      public Delta mergeValue(Delta d, Tagged<V> v) {
        d.add(v.entering(), v.value());
        return d;
      }

      @Override
      public Delta mergeCombiners(Delta a, Delta b) {
        return a.merge(b);
      }
    };
    List<List<KeyedEntry<K, Delta>>> shuffled =
        KeyedShuffle.shuffle(changes, deltas, numPartitions(), env);
    env.tasks().runTasks(numPartitions(), p -> {
      if (!alreadyCommitted(p, time)) {
        updatePartition(p, time, shuffled.get(p), env.serde());
      }
    });
    return Optional.of(stateBatch(time, bytes -> (V) env.serde().deserialize(bytes)));
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

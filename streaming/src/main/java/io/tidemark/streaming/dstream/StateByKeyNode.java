package io.tidemark.streaming.dstream;

import io.tidemark.state.StateIterator;
import io.tidemark.state.StateReadView;
import io.tidemark.state.StateStore;
import io.tidemark.state.StateWriteBatch;
import io.tidemark.state.serde.KryoSerde;
import io.tidemark.streaming.Batch;
import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.Time;
import io.tidemark.streaming.scheduler.CrashPoint;
import io.tidemark.streaming.scheduler.FaultInjection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code updateStateByKey}, with Spark's semantics ({@code StateDStream}): at every batch the
 * update function is called for every key that has new values or state — with the key's new
 * values in arrival order (possibly none) and its previous state (possibly none); returning
 * empty removes the key. The stream's batch is the whole state after the update.
 *
 * <p>Per partition, the batch's keys are sorted in store order and merged with one pass over a
 * snapshot of the store, so every key is read once and written at most once (an unchanged
 * serialised state is not rewritten); the cost grows with the state size, which is the nature
 * of updateStateByKey (mapWithState touches only the batch's keys).
 */
public final class StateByKeyNode<K, V, S> extends StatefulNode<KeyValue<K, S>> {
  private final StreamNode<KeyValue<K, V>> parent;
  private final UpdateFunction<K, V, S> update;
  private final List<KeyValue<K, S>> initialState;

  /** The update function, with the key (Spark's keyed variant). */
  @FunctionalInterface
  public interface UpdateFunction<K, V, S> {
    Optional<S> call(K key, List<V> values, Optional<S> state) throws Exception;
  }

  public StateByKeyNode(StreamNode<KeyValue<K, V>> parent, UpdateFunction<K, V, S> update,
      List<KeyValue<K, S>> initialState, int numPartitions) {
    super(parent.graph, numPartitions);
    this.parent = parent;
    this.update = update;
    this.initialState = List.copyOf(initialState);
  }

  @Override
  protected Object decodeStateValue(byte[] stored) {
    return graph.env().serde().deserialize(stored);
  }

  @Override
  public List<StreamNode<?>> dependencies() {
    return List.of(parent);
  }

  @Override
  public String kind() {
    return "updateStateByKey";
  }

  @Override
  public void start() {
    super.start();
    loadInitialState(initialState, graph.env().serde()::serialize);
  }

  @Override
  @SuppressWarnings("unchecked")
  protected Optional<Batch<KeyValue<K, S>>> compute(Time time) {
    Optional<Batch<KeyValue<K, V>>> input = parent.getOrCompute(time);
    if (input.isEmpty()) {
      return Optional.empty();
    }
    ExecutionEnvironment env = graph.env();
    List<List<KeyedEntry<K, List<V>>>> shuffled =
        KeyedShuffle.shuffle(input.get(), ListAggregator.instance(), numPartitions(), env);
    env.tasks().runTasks(numPartitions(), p -> {
      if (!alreadyCommitted(p, time)) {
        updatePartition(p, time, shuffled.get(p), env.serde());
      }
    });
    return Optional.of(stateBatch(time, bytes -> (S) env.serde().deserialize(bytes)));
  }

  @SuppressWarnings("unchecked")
  private void updatePartition(int p, Time time, List<KeyedEntry<K, List<V>>> entries, KryoSerde serde) {
    entries.sort(KeyedEntry.STATE_ORDER);
    StateStore store = store(p);
    StateWriteBatch writes = store.newWriteBatch();
    try (StateReadView view = store.readView(); StateIterator state = view.iterator()) {
      long keys = view.numKeys();
      int i = 0;
      boolean hasState = state.next();
      while (hasState || i < entries.size()) {
        int cmp;
        if (!hasState) {
          cmp = 1;
        } else if (i >= entries.size()) {
          cmp = -1;
        } else {
          KeyedEntry<K, List<V>> e = entries.get(i);
          cmp = state.keyGroup() != e.keyGroup
              ? Integer.compare(state.keyGroup(), e.keyGroup)
              : Arrays.compareUnsigned(state.key(), e.keyBytes);
        }
        K key;
        byte[] keyBytes;
        int keyGroup;
        List<V> values;
        byte[] previous;
        if (cmp < 0) { // state only
          keyBytes = state.key();
          keyGroup = state.keyGroup();
          key = (K) serde.deserialize(keyBytes);
          values = List.of();
          previous = state.value();
          hasState = state.next();
        } else {
          KeyedEntry<K, List<V>> e = entries.get(i++);
          key = e.key;
          keyBytes = e.keyBytes;
          keyGroup = e.keyGroup;
          values = e.value;
          previous = cmp == 0 ? state.value() : null;
          if (cmp == 0) {
            hasState = state.next();
          }
        }
        Optional<S> prevState = previous == null ? Optional.empty() : Optional.of((S) serde.deserialize(previous));
        Optional<S> next = callUpdate(key, values, prevState);
        if (next.isPresent()) {
          byte[] bytes = serde.serialize(next.get());
          if (previous == null) {
            keys++;
            writes.put(keyGroup, keyBytes, bytes);
          } else if (!Arrays.equals(bytes, previous)) {
            writes.put(keyGroup, keyBytes, bytes);
          }
        } else if (previous != null) {
          keys--;
          writes.delete(keyGroup, keyBytes);
        }
      }
      FaultInjection.reached(CrashPoint.IN_TASK);
      store.commit(writes, time.milliseconds(), keys);
      FaultInjection.reached(CrashPoint.AFTER_STATE_COMMIT);
    } finally {
      writes.close();
    }
  }

  private Optional<S> callUpdate(K key, List<V> values, Optional<S> previous) {
    Optional<S> next;
    try {
      next = update.call(key, values, previous);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new UserFunctionException(uid() + ": the update function failed for key " + key, e);
    }
    if (next == null) {
      throw new IllegalStateException(uid() + ": the update function returned null for key " + key
          + "; return Optional.empty() to remove the key");
    }
    return next;
  }
}

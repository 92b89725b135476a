package io.tidemark.streaming.dstream;

import io.tidemark.state.StateIterator;
import io.tidemark.state.StateReadView;
import io.tidemark.state.StateStore;
import io.tidemark.state.StateWriteBatch;
import io.tidemark.state.serde.KryoSerde;
import io.tidemark.streaming.Batch;
import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.StateSpec;
import io.tidemark.streaming.Time;
import io.tidemark.streaming.scheduler.CrashPoint;
import io.tidemark.streaming.scheduler.FaultInjection;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mapWithState}, with Spark's semantics ({@code MapWithStateDStream}): the mapping
 * function runs once per record with the key's {@link io.tidemark.streaming.State}; the
 * stream's batch holds what it returned. Only the batch's keys are read (one multiGet per
 * partition) and written (one write per changed key), so the cost of a batch does not grow
 * with the size of the state.
 *
 * <p>Timeouts: a key idle for the spec's timeout gets one last call with
 * {@code isTimingOut() == true} and is removed. Finding idle keys scans the partition's state
 * (only the 8-byte timestamp of each entry is decoded); it runs at every batch when a timeout
 * is set. Stored value layout: 8-byte big-endian last-update batch time (ms), then the Kryo
 * bytes of the state.
 */
public final class MapWithStateNode<K, V, S, M> extends StatefulNode<M> {
  private static final int MULTI_GET_CHUNK = 4096;
  private final StreamNode<KeyValue<K, V>> parent;
  private final StateSpec<K, V, S, M> spec;

  public MapWithStateNode(StreamNode<KeyValue<K, V>> parent, StateSpec<K, V, S, M> spec) {
    super(parent.graph, spec.numPartitionsOrDefault());
    this.parent = parent;
    this.spec = spec;
  }

  @Override
  protected Object decodeStateValue(byte[] stored) {
    return graph.env().serde().deserialize(stateBytesOf(stored));
  }

  @Override
  public List<StreamNode<?>> dependencies() {
    return List.of(parent);
  }

  @Override
  public String kind() {
    return "mapWithState";
  }

  @Override
  public void validateAtStart() {
    super.validateAtStart();
    spec.timeoutDuration().ifPresent(t -> {
      if (t.toMillis() % graph.batchDuration().toMillis() != 0) {
        throw new IllegalArgumentException(uid() + ": the timeout " + t.toMillis()
            + " ms must be a multiple of the batch interval " + graph.batchDuration().toMillis() + " ms");
      }
    });
  }

  @Override
  public void start() {
    super.start();
    KryoSerde serde = graph.env().serde();
    // Spark stamps initial state with the first batch time (MapWithStateRDD.createFromPairRDD).
    long firstBatch = zeroTime().milliseconds() + graph.batchDuration().toMillis();
    loadInitialState(spec.initialStatePairs(), s -> encode(firstBatch, serde.serialize(s)));
  }

  static byte[] encode(long updateTime, byte[] state) {
    return ByteBuffer.allocate(8 + state.length).putLong(updateTime).put(state).array();
  }

  static long updateTimeOf(byte[] stored) {
    return ByteBuffer.wrap(stored, 0, 8).getLong();
  }

  static byte[] stateBytesOf(byte[] stored) {
    return java.util.Arrays.copyOfRange(stored, 8, stored.length);
  }

  @Override
  protected Optional<Batch<M>> compute(Time time) {
    Optional<Batch<KeyValue<K, V>>> input = parent.getOrCompute(time);
    if (input.isEmpty()) {
      return Optional.empty();
    }
    ExecutionEnvironment env = graph.env();
    int n = numPartitions();
    List<List<KeyedEntry<K, List<V>>>> shuffled =
        KeyedShuffle.shuffle(input.get(), ListAggregator.instance(), n, env);
    List<List<M>> mapped = new ArrayList<>(n);
    for (int p = 0; p < n; p++) {
      mapped.add(List.of());
    }
    env.tasks().runTasks(n, p -> {
      if (!alreadyCommitted(p, time)) {
        List<M> out = updatePartition(p, time, shuffled.get(p), env.serde());
        synchronized (mapped) {
          mapped.set(p, out);
        }
      }
    });
    return Optional.of(Batch.ofPartitions(env.tasks(), mapped));
  }

  /** The whole state as of {@code time}'s commit, for {@code stateSnapshots()}. */
  @SuppressWarnings("unchecked")
  Batch<KeyValue<K, S>> snapshot(Time time) {
    KryoSerde serde = graph.env().serde();
    return stateBatch(time, stored -> (S) serde.deserialize(stateBytesOf(stored)));
  }

  @SuppressWarnings("unchecked")
  private List<M> updatePartition(int p, Time time, List<KeyedEntry<K, List<V>>> entries, KryoSerde serde) {
    entries.sort(KeyedEntry.STATE_ORDER);
    StateStore store = store(p);
    List<M> out = new ArrayList<>();
    boolean timeoutSet = spec.timeoutDuration().isPresent();
    long now = time.milliseconds();
    StateWriteBatch writes = store.newWriteBatch();
    try (StateReadView view = store.readView()) {
      long keys = view.numKeys();
      for (int from = 0; from < entries.size(); from += MULTI_GET_CHUNK) {
        List<KeyedEntry<K, List<V>>> chunk = entries.subList(from, Math.min(entries.size(), from + MULTI_GET_CHUNK));
        int[] groups = new int[chunk.size()];
        List<byte[]> keyBytes = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
          groups[i] = chunk.get(i).keyGroup;
          keyBytes.add(chunk.get(i).keyBytes);
        }
        List<byte[]> stored = store.multiGet(groups, keyBytes);
        for (int i = 0; i < chunk.size(); i++) {
          KeyedEntry<K, List<V>> e = chunk.get(i);
          byte[] prev = stored.get(i);
          // As in Spark, every record gets a fresh State over the key's current value.
          S current = prev == null ? null : (S) serde.deserialize(stateBytesOf(prev));
          boolean exists = prev != null;
          boolean changed = false;
          for (V v : e.value) {
            StateImpl<S> state = new StateImpl<>(current, exists, false);
            out.add(call(e.key, Optional.ofNullable(v), state));
            if (state.isRemoved() || state.isUpdated()) {
              changed = true;
              exists = state.exists();
              current = exists ? state.get() : null;
            }
          }
          if (!exists) {
            if (prev != null) {
              writes.delete(e.keyGroup, e.keyBytes);
              keys--;
            }
          } else if (changed || timeoutSet) {
            writes.put(e.keyGroup, e.keyBytes, encode(now, serde.serialize(current)));
            if (prev == null) {
              keys++;
            }
          }
        }
      }
      if (timeoutSet) {
        keys -= timeOut(view, time, entries, writes, out, serde);
      }
      FaultInjection.reached(CrashPoint.IN_TASK);
      store.commit(writes, now, keys);
      FaultInjection.reached(CrashPoint.AFTER_STATE_COMMIT);
    } finally {
      writes.close();
    }
    return out;
  }

  /** Calls the function for every idle key not in this batch; returns how many were removed. */
  @SuppressWarnings("unchecked")
  private long timeOut(StateReadView view, Time time, List<KeyedEntry<K, List<V>>> batchKeys,
      StateWriteBatch writes, List<M> out, KryoSerde serde) {
    long threshold = time.milliseconds() - spec.timeoutDuration().orElseThrow().toMillis();
    Set<ByteBuffer> touched = new HashSet<>(batchKeys.size() * 2);
    for (KeyedEntry<K, List<V>> e : batchKeys) {
      touched.add(ByteBuffer.wrap(e.keyBytes));
    }
    long removed = 0;
    try (StateIterator it = view.iterator()) {
      while (it.next()) {
        byte[] stored = it.value();
        if (updateTimeOf(stored) >= threshold) {
          continue;
        }
        byte[] keyBytes = it.key();
        if (touched.contains(ByteBuffer.wrap(keyBytes))) {
          continue;
        }
        K key = (K) serde.deserialize(keyBytes);
        StateImpl<S> state = new StateImpl<>((S) serde.deserialize(stateBytesOf(stored)), true, true);
        out.add(call(key, Optional.empty(), state));
        writes.delete(it.keyGroup(), keyBytes);
        removed++;
      }
    }
    return removed;
  }

  private M call(K key, Optional<V> value, StateImpl<S> state) {
    try {
      return spec.mappingFunction().call(key, value, state);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new UserFunctionException(uid() + ": the mapping function failed for key " + key, e);
    }
  }
}

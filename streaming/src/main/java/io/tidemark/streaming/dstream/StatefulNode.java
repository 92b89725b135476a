package io.tidemark.streaming.dstream;

import io.tidemark.state.KeyGroupAssignment;
import io.tidemark.state.KeyGroupRange;
import io.tidemark.state.StateIterator;
import io.tidemark.state.StateReadView;
import io.tidemark.state.StateStore;
import io.tidemark.state.StateWriteBatch;
import io.tidemark.state.serde.KryoSerde;
import io.tidemark.streaming.Batch;
import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.Time;
import io.tidemark.streaming.util.CloseableIterator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A keyed operator whose state lives in one {@link StateStore} per partition, opened at start
 * under the operator's uid. Subclasses update the stores once per batch (one {@code
 * commit(updates, batchTime)} per partition) and expose the committed state as lazily read
 * batches backed by store snapshots, so state far larger than the heap never sits on it.
 *
 * <p>A partition whose store already committed a batch time (a re-run of that batch) is not
 * updated again: that is what makes state exactly-once when a batch is re-run.
 */
public abstract class StatefulNode<T> extends StreamNode<T> {
  private static final Logger LOG = LoggerFactory.getLogger(StatefulNode.class);
  private final int requestedPartitions;
  private StateStore[] stores;
  private final Map<Time, List<StateReadView>> openViews = new HashMap<>();

  protected StatefulNode(DStreamGraph graph, int requestedPartitions) {
    super(graph);
    this.requestedPartitions = requestedPartitions;
  }

  /** Number of state partitions: one store, and one snapshot in a data checkpoint, each. */
  public final int numPartitions() {
    return stores.length;
  }

  protected final StateStore store(int partition) {
    return stores[partition];
  }

  /** Turns a stored value into the state the user sees (e.g. strips a timestamp). */
  protected abstract Object decodeStateValue(byte[] stored);

  /** The committed version of every partition's store, in partition order. */
  public List<Long> localVersions() {
    List<Long> versions = new ArrayList<>(stores.length);
    for (StateStore store : stores) {
      versions.add(store.committedVersion());
    }
    return versions;
  }

  /** Whether every partition's store is empty and never committed (no local state). */
  public boolean hasNoLocalState() {
    for (StateStore store : stores) {
      if (store.committedVersion() != StateStore.NO_VERSION) {
        return false;
      }
    }
    return true;
  }

  /**
   * The class names of the first key and state found, decoded with this run's Kryo
   * registrations, or empty when the state is empty.
   *
   * @throws io.tidemark.state.serde.StateSerializationException if stored bytes no longer
   *     decode (the state type or the registrations changed)
   */
  public java.util.Optional<String[]> sampleStateTypes() {
    KryoSerde serde = graph.env().serde();
    for (StateStore store : stores) {
      try (StateReadView view = store.readView(); StateIterator it = view.iterator()) {
        if (it.next()) {
          Object key = serde.deserialize(it.key());
          Object value = decodeStateValue(it.value());
          return java.util.Optional.of(new String[] {className(key), className(value)});
        }
      }
    }
    return java.util.Optional.empty();
  }

  private static String className(Object o) {
    return o == null ? "null" : o.getClass().getName();
  }

  /**
   * Captures partition {@code partition}'s committed state as a local snapshot in {@code
   * directory}{@code /partition-<partition>}. Call when no batch runs; different partitions (of
   * this or another node) may be captured at the same time.
   *
   * @throws io.tidemark.state.StateStoreException if the store cannot write the snapshot
   */
  public io.tidemark.state.snapshot.StateSnapshot snapshot(int partition, java.nio.file.Path directory) {
    return stores[partition].snapshot(directory.resolve("partition-" + partition));
  }

  /**
   * Replaces the state of partition {@code partition} with the snapshot in {@code directory}
   * (downloaded from a data checkpoint).
   */
  public void restorePartition(int partition, java.nio.file.Path directory) {
    ExecutionEnvironment env = graph.env();
    stores[partition].close();
    stores[partition] = env.stateBackend().restore(uid(), partition,
        KeyGroupAssignment.rangeFor(partition, env.keyGroups(), stores.length), directory);
  }

  /**
   * Deletes every key of every partition (for {@code tidemark.recovery.allowDroppedState} when
   * the state type changed). The version moves forward by 1 ms — a commit must raise it, and the
   * next batch time is a whole interval later — so no batch is re-run for the dropped state.
   */
  public void dropState() {
    for (StateStore store : stores) {
      StateWriteBatch deletes = store.newWriteBatch();
      try (StateReadView view = store.readView(); StateIterator it = view.iterator()) {
        while (it.next()) {
          deletes.delete(it.keyGroup(), it.key());
        }
        store.commit(deletes, Math.max(store.committedVersion(), zeroTime().milliseconds()) + 1, 0);
      } finally {
        deletes.close();
      }
    }
  }

  /** Exact number of keys in state, over all partitions. */
  public long numKeys() {
    StateStore[] s = stores;
    if (s == null) {
      return 0;
    }
    long n = 0;
    for (StateStore store : s) {
      n += store.numKeys();
    }
    return n;
  }

  /** The lowest committed version over all partitions ({@link StateStore#NO_VERSION} if none). */
  public long committedVersion() {
    long v = Long.MAX_VALUE;
    for (StateStore store : stores) {
      v = Math.min(v, store.committedVersion());
    }
    return stores.length == 0 ? StateStore.NO_VERSION : v;
  }

  @Override
  public void start() {
    ExecutionEnvironment env = graph.env();
    int n = requestedPartitions > 0 ? requestedPartitions : env.partitions();
    if (n > env.keyGroups()) {
      throw new IllegalArgumentException(uid() + ": " + n + " state partitions but only "
          + env.keyGroups() + " key groups; raise tidemark.keyGroups or lower the partitions");
    }
    StateStore[] opened = new StateStore[n];
    try {
      for (int p = 0; p < n; p++) {
        KeyGroupRange range = KeyGroupAssignment.rangeFor(p, env.keyGroups(), n);
        opened[p] = env.stateBackend().open(uid(), p, range);
      }
    } catch (RuntimeException e) {
      for (StateStore s : opened) {
        if (s != null) {
          s.close();
        }
      }
      throw e;
    }
    stores = opened;
    if (!hasUserUid()) {
      LOG.warn("stateful operator {} has no uid; its state is tied to the position of the operator in the job. "
          + "Set one with .uid(\"name\") so that state survives changes to the job", uid());
    }
  }

  @Override
  public synchronized void stop() {
    super.stop();
    if (stores != null) {
      for (StateStore s : stores) {
        s.close();
      }
    }
  }

  /** Whether partition {@code p} already committed {@code time} (a re-run of a batch). */
  protected final boolean alreadyCommitted(int p, Time time) {
    long v = stores[p].committedVersion();
    if (v >= time.milliseconds()) {
      LOG.info("{} partition {} already committed batch {} (state version {}); not applying it again",
          uid(), p, time, v);
      return true;
    }
    return false;
  }

  /**
   * Loads initial state into empty stores, each pair as (key, encoded value), committed at the
   * zero time before the first batch. Does nothing for a partition that already has state.
   */
  protected final <K, S> void loadInitialState(List<KeyValue<K, S>> pairs, Function<S, byte[]> encode) {
    if (pairs.isEmpty()) {
      return;
    }
    ExecutionEnvironment env = graph.env();
    int n = numPartitions();
    List<List<KeyedEntry<K, byte[]>>> perPartition = new ArrayList<>(n);
    for (int p = 0; p < n; p++) {
      perPartition.add(new ArrayList<>());
    }
    for (KeyValue<K, S> kv : pairs) {
      byte[] keyBytes = env.serde().serialize(kv.key());
      int kg = KeyGroupAssignment.keyGroupFor(keyBytes, env.keyGroups());
      perPartition.get(KeyGroupAssignment.partitionFor(kg, env.keyGroups(), n))
          .add(new KeyedEntry<>(kv.key(), keyBytes, kg, encode.apply(kv.value())));
    }
    for (int p = 0; p < n; p++) {
      StateStore store = stores[p];
      if (store.committedVersion() != StateStore.NO_VERSION) {
        continue;
      }
      long keys = 0;
      StateWriteBatch batch = store.newWriteBatch();
      java.util.Set<java.nio.ByteBuffer> seen = new java.util.HashSet<>();
      List<KeyedEntry<K, byte[]>> entries = perPartition.get(p);
      for (int i = entries.size() - 1; i >= 0; i--) { // last pair of a key wins
        KeyedEntry<K, byte[]> e = entries.get(i);
        if (seen.add(java.nio.ByteBuffer.wrap(e.keyBytes))) { // key group is a function of the bytes
          batch.put(e.keyGroup, e.keyBytes, e.value);
          keys++;
        }
      }
      store.commit(batch, zeroTime().milliseconds(), keys);
    }
  }

  /**
   * A batch reading every partition's state as of the version just committed for {@code
   * time}; the snapshots are released when the batch is forgotten.
   *
   * @param decodeValue turns a stored value into the element's value
   */
  @SuppressWarnings("unchecked")
  protected final <K, S> Batch<KeyValue<K, S>> stateBatch(Time time, Function<byte[], S> decodeValue) {
    ExecutionEnvironment env = graph.env();
    KryoSerde serde = env.serde();
    int n = numPartitions();
    List<StateReadView> views = new ArrayList<>(n);
    for (int p = 0; p < n; p++) {
      views.add(stores[p].readView());
    }
    synchronized (openViews) {
      List<StateReadView> previous = openViews.put(time, views);
      if (previous != null) {
        previous.forEach(StateReadView::close);
      }
    }
    return new Batch<>(env.tasks()) {
      @Override
      public int numPartitions() {
        return n;
      }

      @Override
      public CloseableIterator<KeyValue<K, S>> iterator(int partition) {
        StateIterator it = views.get(partition).iterator();
        return new CloseableIterator<>() {
          private boolean ready;
          private boolean done;

          @Override
          public boolean hasNext() {
            if (!ready && !done) {
              ready = it.next();
              done = !ready;
            }
            return ready;
          }

          @Override
          public KeyValue<K, S> next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            ready = false;
            return new KeyValue<>((K) serde.deserialize(it.key()), decodeValue.apply(it.value()));
          }

          @Override
          public void close() {
            it.close();
          }
        };
      }
    };
  }

  @Override
  protected void release(Time time, Batch<T> batch) {
    synchronized (openViews) {
      List<StateReadView> views = openViews.remove(time);
      if (views != null) {
        views.forEach(StateReadView::close);
      }
    }
  }

  /** Releases the snapshots held for {@code time} when this node's batch there is not cached. */
  protected final void releaseViews(Time time) {
    release(time, null);
  }

  @Override
  public synchronized void clearMetadata(Time time) {
    super.clearMetadata(time);
    Time threshold = time.minus(rememberDuration());
    synchronized (openViews) {
      openViews.entrySet().removeIf(e -> {
        if (!e.getKey().isAfter(threshold)) {
          e.getValue().forEach(StateReadView::close);
          return true;
        }
        return false;
      });
    }
  }
}

package io.tidemark.state.internals;

import io.tidemark.state.KeyGroupRange;
import io.tidemark.state.StateBackend;
import io.tidemark.state.StateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The heap {@link StateBackend}, for tests and small state: the semantics of the RocksDB
 * backend (versions, atomic commits, iteration order, read views) without persistence.
 *
 * <p>The committed state of each (operator uid, partition) lives as long as this backend: a
 * store closed and reopened in the same backend finds its committed version, key count and
 * data; a new backend (for example after a JVM restart) starts empty. Thread-safe;
 * {@link #close()} closes the stores still open and drops all state; it is idempotent.
 */
public final class InMemoryStateBackend implements StateBackend {
  private final Map<StoreNames.StoreId, InMemoryStateStore.Data> committed = new HashMap<>();
  private final Map<StoreNames.StoreId, InMemoryStateStore> openStores = new HashMap<>();
  private boolean closed; // guarded by this

  /** Creates an empty backend. */
  public InMemoryStateBackend() {}

  @Override
  public synchronized StateStore open(String operatorUid, int partition, KeyGroupRange keyGroups) {
    StoreNames.checkOpenArguments(operatorUid, partition, keyGroups);
    if (closed) {
      throw new IllegalStateException("in-memory state backend is closed");
    }
    StoreNames.StoreId id = new StoreNames.StoreId(operatorUid, partition);
    if (openStores.containsKey(id)) {
      throw new IllegalStateException(StoreNames.describe("in-memory", operatorUid, partition)
          + " is already open in this backend");
    }
    InMemoryStateStore.Data data = committed.computeIfAbsent(id, k -> new InMemoryStateStore.Data());
    InMemoryStateStore store = new InMemoryStateStore(operatorUid, partition, keyGroups, data,
        this::onStoreClosed);
    openStores.put(id, store);
    return store;
  }

  @Override
  public synchronized StateStore restore(String operatorUid, int partition,
      KeyGroupRange keyGroups, Path snapshotDirectory) {
    StoreNames.checkOpenArguments(operatorUid, partition, keyGroups);
    java.util.Objects.requireNonNull(snapshotDirectory, "snapshotDirectory");
    if (closed) {
      throw new IllegalStateException("in-memory state backend is closed");
    }
    StoreNames.StoreId id = new StoreNames.StoreId(operatorUid, partition);
    if (openStores.containsKey(id)) {
      throw new IllegalStateException(StoreNames.describe("in-memory", operatorUid, partition)
          + " is open; close it before restoring");
    }
    InMemoryStateStore.Data data = new InMemoryStateStore.Data();
    InMemoryStateStore.restoreInto(data, snapshotDirectory,
        StoreNames.describe("in-memory", operatorUid, partition));
    committed.put(id, data);
    return open(operatorUid, partition, keyGroups);
  }

  private synchronized void onStoreClosed(InMemoryStateStore store) {
    openStores.remove(new StoreNames.StoreId(store.operatorUid(), store.partition()), store);
  }

  @Override
  public String name() {
    return "in-memory";
  }

  @Override
  public void close() {
    List<InMemoryStateStore> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(openStores.values());
    }
    for (InMemoryStateStore store : toClose) {
      store.close();
    }
    synchronized (this) {
      committed.clear();
    }
  }
}

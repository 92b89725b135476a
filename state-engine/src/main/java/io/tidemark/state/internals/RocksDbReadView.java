package io.tidemark.state.internals;

import io.tidemark.state.StateIterator;
import io.tidemark.state.StateReadView;
import io.tidemark.state.StateStore;
import java.util.Set;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;

/**
 * A read view of a {@link RocksDbStateStore} on a RocksDB {@link Snapshot}: the version, key
 * count and entries as of the commit before the view was taken, unaffected by later commits.
 *
 * <p>Thread-safe. Closing releases the snapshot (after closing the view's open iterators);
 * closing the store first does the same, and a later {@link #close()} is a no-op. Reading a
 * closed view, or a view of a closed store, throws {@link IllegalStateException}. Keep views
 * short-lived: a snapshot pins old versions of rewritten keys, so compaction cannot drop them.
 */
final class RocksDbReadView implements StateReadView, StoreGuard.Dependent {
  private final RocksDbStateStore store;
  private final StoreGuard guard;
  private final Snapshot snapshot;
  private final ReadOptions readOptions;
  private final long version;
  private final long numKeys;
  private final Set<StoreGuard.Dependent> iterators = StoreGuard.newDependentSet();
  private boolean released; // written under the guard's write lock, read under its read lock

  private RocksDbReadView(RocksDbStateStore store, Snapshot snapshot, ReadOptions readOptions,
      long version, long numKeys) {
    this.store = store;
    this.guard = store.guard();
    this.snapshot = snapshot;
    this.readOptions = readOptions;
    this.version = version;
    this.numKeys = numKeys;
  }

  /** Takes a snapshot and reads its meta; call under the guard's read lock. */
  static RocksDbReadView create(RocksDbStateStore store) {
    Snapshot snapshot = store.takeSnapshot();
    ReadOptions readOptions = null;
    try {
      readOptions = new ReadOptions().setSnapshot(snapshot);
      byte[] version = store.db().get(store.metaColumn(), readOptions,
          RocksDbStateStore.META_VERSION);
      byte[] count = store.db().get(store.metaColumn(), readOptions,
          RocksDbStateStore.META_NUM_KEYS);
      return new RocksDbReadView(store, snapshot, readOptions,
          version == null ? StateStore.NO_VERSION : store.decodeMetaLong(version, "version"),
          count == null ? 0 : store.decodeMetaLong(count, "num-keys"));
    } catch (RocksDBException | RuntimeException e) {
      if (readOptions != null) {
        readOptions.close();
      }
      store.db().releaseSnapshot(snapshot);
      snapshot.close();
      if (e instanceof RocksDBException rocks) {
        throw store.failure("read view", rocks);
      }
      throw (RuntimeException) e;
    }
  }

  @Override
  public long version() {
    checkReadable();
    return version;
  }

  @Override
  public long numKeys() {
    checkReadable();
    return numKeys;
  }

  private void checkReadable() {
    if (guard.isClosed() || released) {
      throw closedException();
    }
  }

  IllegalStateException closedException() {
    return new IllegalStateException(guard.isClosed()
        ? "read view of " + guard.storeName() + " is closed because its store is closed"
        : "read view of " + guard.storeName() + " is closed");
  }

  @Override
  public byte[] get(int keyGroup, byte[] key) {
    StateKeys.check(guard.storeName(), store.keyGroups(), keyGroup, key);
    byte[] stored = StateKeys.encode(keyGroup, key);
    enter();
    try {
      return store.db().get(store.dataColumn(), readOptions, stored);
    } catch (RocksDBException e) {
      throw store.failure("read view get", e);
    } finally {
      guard.exit();
    }
  }

  @Override
  public StateIterator iterator() {
    enter();
    try {
      RocksDbStateIterator iterator = new RocksDbStateIterator(this);
      iterators.add(iterator);
      return iterator;
    } finally {
      guard.exit();
    }
  }

  /** Takes the guard's read lock and checks the view is open; pair with {@code guard.exit()}. */
  void enter() {
    try {
      guard.enter();
    } catch (IllegalStateException e) {
      throw closedException();
    }
    if (released) {
      guard.exit();
      throw closedException();
    }
  }

  RocksDbStateStore store() {
    return store;
  }

  StoreGuard guard() {
    return guard;
  }

  Snapshot snapshot() {
    return snapshot;
  }

  Set<StoreGuard.Dependent> iterators() {
    return iterators;
  }

  @Override
  public void close() {
    guard.closeDependent(guard.dependents(), this);
  }

  @Override
  public void release() {
    released = true;
    StoreGuard.releaseAll(iterators);
    readOptions.close();
    store.db().releaseSnapshot(snapshot);
    snapshot.close();
  }
}

package io.tidemark.state.internals;

import io.tidemark.state.StateWriteBatch;
import java.util.Objects;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The updates of one batch to a {@link RocksDbStateStore}, buffered in a native
 * {@link WriteBatch} (off-heap: a batch of a million updates costs the heap nothing).
 * Not thread-safe; closed by commit, by {@link #close()} or by closing the store.
 */
final class RocksDbWriteBatch implements StateWriteBatch, StoreGuard.Dependent {
  private final RocksDbStateStore store;
  private final StoreGuard guard;
  private final WriteBatch batch = new WriteBatch();
  private boolean released; // written under the guard's write lock, read under its read lock

  RocksDbWriteBatch(RocksDbStateStore store) {
    this.store = store;
    this.guard = store.guard();
  }

  RocksDbStateStore store() {
    return store;
  }

  @Override
  public void put(int keyGroup, byte[] key, byte[] value) {
    StateKeys.check(guard.storeName(), store.keyGroups(), keyGroup, key);
    Objects.requireNonNull(value, "value");
    byte[] stored = StateKeys.encode(keyGroup, key);
    guard.enter();
    try {
      checkNotReleased();
      batch.put(store.dataColumn(), stored, value);
    } catch (RocksDBException e) {
      throw store.failure("write batch put", e);
    } finally {
      guard.exit();
    }
  }

  @Override
  public void delete(int keyGroup, byte[] key) {
    StateKeys.check(guard.storeName(), store.keyGroups(), keyGroup, key);
    byte[] stored = StateKeys.encode(keyGroup, key);
    guard.enter();
    try {
      checkNotReleased();
      batch.delete(store.dataColumn(), stored);
    } catch (RocksDBException e) {
      throw store.failure("write batch delete", e);
    } finally {
      guard.exit();
    }
  }

  @Override
  public int size() {
    guard.enter();
    try {
      checkNotReleased();
      return batch.count();
    } finally {
      guard.exit();
    }
  }

  /** Adds a meta entry; called by commit under the guard's read lock. */
  void putMeta(ColumnFamilyHandle metaColumn, byte[] key, byte[] value) throws RocksDBException {
    checkNotReleased();
    batch.put(metaColumn, key, value);
  }

  /** The native batch; called by commit under the guard's read lock. */
  WriteBatch nativeBatch() {
    checkNotReleased();
    return batch;
  }

  private void checkNotReleased() {
    if (released) {
      throw new IllegalStateException("write batch of " + guard.storeName() + " is closed");
    }
  }

  @Override
  public void close() {
    guard.closeDependent(guard.dependents(), this);
  }

  @Override
  public void release() {
    released = true;
    batch.close();
  }
}

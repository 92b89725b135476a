package io.tidemark.state.internals;

import io.tidemark.state.KeyGroupRange;
import io.tidemark.state.StateIterator;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * A forward scan of a {@link RocksDbReadView}'s key groups, reading with
 * {@code fillCache(false)} so a full scan (a checkpoint, an {@code inspect}) does not evict the
 * working set from the shared block cache. Not thread-safe; closed by {@link #close()}, by
 * closing its view or by closing its store.
 */
final class RocksDbStateIterator implements StateIterator, StoreGuard.Dependent {
  private final RocksDbReadView view;
  private final StoreGuard guard;
  private final KeyGroupRange range;
  private final ReadOptions readOptions;
  private final RocksIterator iterator;
  private byte[] current; // the stored key of the current entry; null before next() or at end
  private boolean started;
  private boolean exhausted;
  private boolean released; // written under the guard's write lock, read under its read lock

  /** Called under the guard's read lock. */
  RocksDbStateIterator(RocksDbReadView view) {
    this.view = view;
    this.guard = view.guard();
    this.range = view.store().keyGroups();
    this.readOptions = new ReadOptions().setSnapshot(view.snapshot()).setFillCache(false);
    try {
      this.iterator = view.store().db().newIterator(view.store().dataColumn(), readOptions);
    } catch (RuntimeException e) {
      readOptions.close();
      throw e;
    }
  }

  @Override
  public boolean next() {
    enter();
    try {
      if (exhausted) {
        return false;
      }
      if (!started) {
        started = true;
        if (range.size() == 0) {
          return finish();
        }
        iterator.seek(StateKeys.prefix(range.startKeyGroup()));
      } else {
        iterator.next();
      }
      if (!iterator.isValid()) {
        iterator.status();
        return finish();
      }
      byte[] stored = iterator.key();
      if (StateKeys.keyGroup(stored) > range.endKeyGroup()) {
        return finish();
      }
      current = stored;
      return true;
    } catch (RocksDBException e) {
      throw view.store().failure("iterator next", e);
    } finally {
      guard.exit();
    }
  }

  private boolean finish() {
    exhausted = true;
    current = null;
    return false;
  }

  @Override
  public int keyGroup() {
    return StateKeys.keyGroup(current());
  }

  @Override
  public byte[] key() {
    return StateKeys.key(current());
  }

  @Override
  public byte[] value() {
    enter();
    try {
      checkCurrent();
      return iterator.value();
    } finally {
      guard.exit();
    }
  }

  private byte[] current() {
    enter();
    try {
      return checkCurrent();
    } finally {
      guard.exit();
    }
  }

  private byte[] checkCurrent() {
    if (current == null) {
      throw new IllegalStateException(exhausted
          ? "iterator of " + guard.storeName() + " is past its last entry"
          : "iterator of " + guard.storeName() + ": call next() first");
    }
    return current;
  }

  private void enter() {
    view.enter();
    if (released) {
      guard.exit();
      throw new IllegalStateException("iterator of " + guard.storeName() + " is closed");
    }
  }

  @Override
  public void close() {
    guard.closeDependent(view.iterators(), this);
  }

  @Override
  public void release() {
    released = true;
    current = null;
    iterator.close();
    readOptions.close();
  }
}

package io.tidemark.state.internals;

import io.tidemark.state.KeyGroupRange;
import io.tidemark.state.StateIterator;
import io.tidemark.state.StateReadView;
import io.tidemark.state.StateStore;
import io.tidemark.state.StateStoreException;
import io.tidemark.state.StateWriteBatch;
import io.tidemark.state.snapshot.SnapshotFile;
import io.tidemark.state.snapshot.StateSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A {@link StateStore} on the heap with the semantics of {@link RocksDbStateStore}: entries
 * sorted by the same stored key (2-byte key group, then key bytes, compared unsigned), so
 * iteration order is identical; atomic, versioned commits; read views unaffected by later
 * commits (a view copies the entry map, O(n), sharing the immutable value arrays).
 *
 * <p>Unlike RocksDB, this store checks {@code numKeysAfter} in {@link #commit}: the batch is
 * applied, and if the map does not then hold exactly {@code numKeysAfter} keys the commit is
 * undone and rejected with {@link IllegalArgumentException}. Counting costs nothing here, and
 * it makes the in-memory store an oracle for the engine's key counting in tests.
 *
 * <p>Threading and closing: as {@link StateStore}; commits run under the store's exclusive
 * lock, reads and view copies under its shared lock. Closing the store closes its views and
 * batches; the committed state stays in the backend for a later {@code open}.
 */
public final class InMemoryStateStore implements StateStore {

  /** The committed state of one (uid, partition), kept by the backend across reopens. */
  static final class Data {
    final TreeMap<byte[], byte[]> entries = new TreeMap<>(Arrays::compareUnsigned);
    long version = NO_VERSION;
    long numKeys;
  }

  private final String operatorUid;
  private final int partition;
  private final KeyGroupRange keyGroups;
  private final Data data;
  private final StoreGuard guard;
  private final Consumer<InMemoryStateStore> onClose;

  InMemoryStateStore(String operatorUid, int partition, KeyGroupRange keyGroups, Data data,
      Consumer<InMemoryStateStore> onClose) {
    this.operatorUid = operatorUid;
    this.partition = partition;
    this.keyGroups = keyGroups;
    this.data = data;
    this.guard = new StoreGuard(StoreNames.describe("in-memory", operatorUid, partition));
    this.onClose = onClose;
  }

  @Override
  public String operatorUid() {
    return operatorUid;
  }

  @Override
  public int partition() {
    return partition;
  }

  @Override
  public KeyGroupRange keyGroups() {
    return keyGroups;
  }

  @Override
  public long committedVersion() {
    guard.enter();
    try {
      return data.version;
    } finally {
      guard.exit();
    }
  }

  @Override
  public long numKeys() {
    guard.enter();
    try {
      return data.numKeys;
    } finally {
      guard.exit();
    }
  }

  @Override
  public byte[] get(int keyGroup, byte[] key) {
    StateKeys.check(guard.storeName(), keyGroups, keyGroup, key);
    byte[] stored = StateKeys.encode(keyGroup, key);
    guard.enter();
    try {
      return copy(data.entries.get(stored));
    } finally {
      guard.exit();
    }
  }

  private static byte[] copy(byte[] value) {
    return value == null ? null : value.clone();
  }

  @Override
  public List<byte[]> multiGet(int[] keyGroupsOfKeys, List<byte[]> keys) {
    Objects.requireNonNull(keyGroupsOfKeys, "keyGroups");
    Objects.requireNonNull(keys, "keys");
    if (keyGroupsOfKeys.length != keys.size()) {
      throw new IllegalArgumentException("multiGet: " + keyGroupsOfKeys.length
          + " key groups for " + keys.size() + " keys");
    }
    List<byte[]> stored = new ArrayList<>(keys.size());
    for (int i = 0; i < keyGroupsOfKeys.length; i++) {
      StateKeys.check(guard.storeName(), keyGroups, keyGroupsOfKeys[i], keys.get(i));
      stored.add(StateKeys.encode(keyGroupsOfKeys[i], keys.get(i)));
    }
    guard.enter();
    try {
      List<byte[]> values = new ArrayList<>(stored.size());
      for (byte[] key : stored) {
        values.add(copy(data.entries.get(key)));
      }
      return values;
    } finally {
      guard.exit();
    }
  }

  @Override
  public StateWriteBatch newWriteBatch() {
    guard.enter();
    try {
      Batch batch = new Batch();
      guard.register(batch);
      return batch;
    } finally {
      guard.exit();
    }
  }

  @Override
  public void commit(StateWriteBatch updates, long version, long numKeysAfter) {
    Objects.requireNonNull(updates, "updates");
    try {
      if (!(updates instanceof Batch batch) || batch.store() != this) {
        throw new IllegalArgumentException("commit: the write batch was not created by "
            + guard.storeName() + "'s newWriteBatch()");
      }
      if (numKeysAfter < 0) {
        throw new IllegalArgumentException("commit: numKeysAfter must be >= 0: " + numKeysAfter);
      }
      guard.enterExclusive();
      try {
        if (version <= data.version) {
          throw new IllegalArgumentException("commit: version " + version
              + " must be greater than the committed version " + data.version + " of "
              + guard.storeName());
        }
        batch.checkNotReleased();
        apply(batch.operations, version, numKeysAfter);
      } finally {
        guard.exitExclusive();
      }
    } finally {
      updates.close();
    }
  }

  private void apply(List<Operation> operations, long version, long numKeysAfter) {
    List<Map.Entry<byte[], byte[]>> undo = new ArrayList<>(operations.size());
    for (Operation op : operations) {
      byte[] previous = op.value() == null
          ? data.entries.remove(op.storedKey())
          : data.entries.put(op.storedKey(), op.value());
      undo.add(new SimpleImmutableEntry<>(op.storedKey(), previous));
    }
    if (data.entries.size() != numKeysAfter) {
      long actual = data.entries.size();
      for (int i = undo.size() - 1; i >= 0; i--) {
        Map.Entry<byte[], byte[]> entry = undo.get(i);
        if (entry.getValue() == null) {
          data.entries.remove(entry.getKey());
        } else {
          data.entries.put(entry.getKey(), entry.getValue());
        }
      }
      throw new IllegalArgumentException("commit: numKeysAfter is " + numKeysAfter
          + " but the batch leaves " + actual + " keys in " + guard.storeName()
          + "; the commit was undone");
    }
    data.version = version;
    data.numKeys = numKeysAfter;
  }

  @Override
  public StateReadView readView() {
    guard.enter();
    try {
      // Only this store's key groups, as the RocksDB iterator bounds its scan to them.
      NavigableMap<byte[], byte[]> ownKeyGroups = data.entries.subMap(
          StateKeys.prefix(keyGroups.startKeyGroup()), true,
          StateKeys.prefix(keyGroups.startKeyGroup() + keyGroups.size()), false);
      View view = new View(new TreeMap<>(ownKeyGroups), data.version, data.numKeys);
      guard.register(view);
      return view;
    } finally {
      guard.exit();
    }
  }

  @Override
  public StateSnapshot snapshot(Path targetDirectory) {
    Path target = SnapshotDirectories.prepare(targetDirectory);
    guard.enter(); // commits take the exclusive lock, so the entries and version stay together
    try {
      java.nio.file.Files.createDirectory(target);
      long size = HeapSnapshotFormat.write(target.resolve(HeapSnapshotFormat.FILE_NAME),
          data.version, data.numKeys, keyGroups, data.entries);
      SnapshotDirectories.syncDirectory(target);
      return new StateSnapshot(operatorUid, partition, keyGroups, data.version, data.numKeys,
          StateSnapshot.FORMAT_HEAP, target,
          List.of(new SnapshotFile(HeapSnapshotFormat.FILE_NAME, size, false)));
    } catch (IOException e) {
      throw new StateStoreException(guard.storeName() + ": snapshot to " + target + " failed: "
          + e, e);
    } finally {
      guard.exit();
    }
  }

  /** Replaces the committed state of {@code data} by the snapshot in {@code directory}. */
  static void restoreInto(Data data, Path directory, String storeName) {
    Path file = directory.resolve(HeapSnapshotFormat.FILE_NAME);
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new StateStoreException(storeName + ": " + directory + " is not a heap state "
          + "snapshot (format " + StateSnapshot.FORMAT_HEAP + "): no " + HeapSnapshotFormat.FILE_NAME);
    }
    TreeMap<byte[], byte[]> entries = new TreeMap<>(Arrays::compareUnsigned);
    HeapSnapshotFormat.Contents contents;
    try {
      contents = HeapSnapshotFormat.read(file, entries);
    } catch (IOException e) {
      throw new StateStoreException(storeName + ": cannot read " + file + ": " + e, e);
    }
    if (contents.numKeys() != entries.size()) {
      throw new StateStoreException(storeName + ": " + file + " says " + contents.numKeys()
          + " keys but holds " + entries.size());
    }
    data.entries.clear();
    data.entries.putAll(entries);
    data.version = contents.version();
    data.numKeys = contents.numKeys();
  }

  @Override
  public void close() {
    if (guard.close(() -> { })) {
      onClose.accept(this);
    }
  }

  @Override
  public String toString() {
    return guard.storeName();
  }

  /** A put ({@code value != null}) or delete ({@code value == null}) of a stored key. */
  private record Operation(byte[] storedKey, byte[] value) {}

  /** The heap write batch: a list of operations, applied in order at commit. */
  private final class Batch implements StateWriteBatch, StoreGuard.Dependent {
    private final List<Operation> operations = new ArrayList<>();
    private volatile boolean released;

    InMemoryStateStore store() {
      return InMemoryStateStore.this;
    }

    @Override
    public void put(int keyGroup, byte[] key, byte[] value) {
      StateKeys.check(guard.storeName(), keyGroups, keyGroup, key);
      Objects.requireNonNull(value, "value");
      checkNotReleased();
      operations.add(new Operation(StateKeys.encode(keyGroup, key), value.clone()));
    }

    @Override
    public void delete(int keyGroup, byte[] key) {
      StateKeys.check(guard.storeName(), keyGroups, keyGroup, key);
      checkNotReleased();
      operations.add(new Operation(StateKeys.encode(keyGroup, key), null));
    }

    @Override
    public int size() {
      checkNotReleased();
      return operations.size();
    }

    void checkNotReleased() {
      if (released || guard.isClosed()) {
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
    }
  }

  /** A read view over a private copy of the entries. Thread-safe (the copy is never changed). */
  private final class View implements StateReadView, StoreGuard.Dependent {
    private final NavigableMap<byte[], byte[]> entries;
    private final long version;
    private final long numKeys;
    private volatile boolean released;

    View(NavigableMap<byte[], byte[]> entries, long version, long numKeys) {
      this.entries = entries;
      this.version = version;
      this.numKeys = numKeys;
    }

    void checkReadable() {
      if (guard.isClosed()) {
        throw new IllegalStateException(
            "read view of " + guard.storeName() + " is closed because its store is closed");
      }
      if (released) {
        throw new IllegalStateException("read view of " + guard.storeName() + " is closed");
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

    @Override
    public byte[] get(int keyGroup, byte[] key) {
      StateKeys.check(guard.storeName(), keyGroups, keyGroup, key);
      checkReadable();
      return copy(entries.get(StateKeys.encode(keyGroup, key)));
    }

    @Override
    public StateIterator iterator() {
      checkReadable();
      return new Cursor(this, entries.entrySet().iterator());
    }

    @Override
    public void close() {
      guard.closeDependent(guard.dependents(), this);
    }

    @Override
    public void release() {
      released = true;
    }
  }

  /** An iterator of a {@link View}; closed with its view or store. Not thread-safe. */
  private final class Cursor implements StateIterator {
    private final View view;
    private final Iterator<Map.Entry<byte[], byte[]>> entries;
    private Map.Entry<byte[], byte[]> current;
    private boolean started;
    private boolean closed;

    Cursor(View view, Iterator<Map.Entry<byte[], byte[]>> entries) {
      this.view = view;
      this.entries = entries;
    }

    private void checkOpen() {
      view.checkReadable();
      if (closed) {
        throw new IllegalStateException("iterator of " + guard.storeName() + " is closed");
      }
    }

    @Override
    public boolean next() {
      checkOpen();
      started = true;
      current = entries.hasNext() ? entries.next() : null;
      return current != null;
    }

    private Map.Entry<byte[], byte[]> current() {
      checkOpen();
      if (current == null) {
        throw new IllegalStateException(started
            ? "iterator of " + guard.storeName() + " is past its last entry"
            : "iterator of " + guard.storeName() + ": call next() first");
      }
      return current;
    }

    @Override
    public int keyGroup() {
      return StateKeys.keyGroup(current().getKey());
    }

    @Override
    public byte[] key() {
      return StateKeys.key(current().getKey());
    }

    @Override
    public byte[] value() {
      return current().getValue().clone();
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}

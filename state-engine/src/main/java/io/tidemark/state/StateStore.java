package io.tidemark.state;

import io.tidemark.state.snapshot.StateSnapshot;
import java.nio.file.Path;
import java.util.List;

/**
 * The versioned key-value state of one stateful operator's partition: the key groups of
 * {@link #keyGroups()}, each key stored as (key group, serialised key) → serialised value.
 *
 * <p>A store moves from one <em>state version</em> (the batch time, in milliseconds, whose
 * updates it last committed) to the next by {@link #commit}: the updates and the new version
 * become durable and visible together, or not at all. Reads see the last committed version.
 *
 * <p>Threading: one task thread at a time calls {@code get}/{@code multiGet}/{@code commit};
 * read views ({@link #readView()}) may be taken and used from any thread. {@link #close()} is
 * idempotent, may be called from any thread (it waits for reads in progress) and first closes
 * the store's open read views, their iterators and its write batches; any other call after
 * close throws {@link IllegalStateException}, except the identity accessors
 * {@link #operatorUid()}, {@link #partition()} and {@link #keyGroups()}, which stay readable
 * for messages.
 *
 * <p>Arguments: keys and values are never {@code null} ({@link NullPointerException}); a key
 * group outside {@link #keyGroups()} is an {@link IllegalArgumentException}. Arrays passed in
 * are copied and arrays returned belong to the caller.
 *
 * <p>Errors of the underlying storage are thrown as {@link StateStoreException} naming the
 * store and the operation.
 */
public interface StateStore extends AutoCloseable {

  /** Version of a store that has never committed. */
  long NO_VERSION = -1L;

  /** Stable name of the operator whose state this is. */
  String operatorUid();

  /** Index of the partition this store belongs to. */
  int partition();

  /** The key groups this store holds; keys of other key groups are rejected. */
  KeyGroupRange keyGroups();

  /** The last committed state version (batch time in ms), or {@link #NO_VERSION}. */
  long committedVersion();

  /** Exact number of keys as of the committed version. */
  long numKeys();

  /** The committed value of {@code key} in {@code keyGroup}, or {@code null}. */
  byte[] get(int keyGroup, byte[] key);

  /**
   * The committed values of several keys at once (RocksDB {@code multiGet}); the result has
   * one element per key, in order, {@code null} for an absent key.
   *
   * @param keyGroups key group of each key; same length as {@code keys}
   */
  List<byte[]> multiGet(int[] keyGroups, List<byte[]> keys);

  /** A new, empty batch of updates for this store. */
  StateWriteBatch newWriteBatch();

  /**
   * Atomically applies {@code updates}, sets the committed version to {@code version} and the
   * key count to {@code numKeysAfter}, durably (a process crash after return loses nothing).
   * Closes {@code updates}, also when it throws.
   *
   * @param version the batch time in ms; must be greater than {@link #committedVersion()}
   * @param numKeysAfter the exact number of keys after the updates, which the caller knows
   *     because it read every key it writes
   * @throws IllegalArgumentException if {@code version <= committedVersion()}, if
   *     {@code numKeysAfter < 0}, or if {@code updates} was not made by this store's
   *     {@link #newWriteBatch()}; the store is then unchanged
   * @throws StateStoreException if the storage fails; the store is then unchanged
   */
  void commit(StateWriteBatch updates, long version, long numKeysAfter);

  /**
   * A consistent view of the committed version; the caller closes it. Later commits do not
   * change it. Views pin resources (RocksDB: a snapshot, which keeps overwritten versions from
   * compaction), so close them promptly.
   */
  StateReadView readView();

  /**
   * Captures the committed version as a self-contained local snapshot in
   * {@code targetDirectory}, the synchronous half of a data checkpoint. RocksDB flushes its
   * memtables and creates a RocksDB {@code Checkpoint} there (hard links to the immutable SST
   * files, copies of the small mutable ones: cheap, nothing large is copied); the heap store
   * writes one snapshot file (magic, format version, entries, CRC32C) and {@code fsync}s it.
   *
   * <p>A commit running concurrently on another thread waits for the snapshot (or the snapshot
   * for it), so the snapshot always holds exactly one committed version; reads are not blocked.
   *
   * @param targetDirectory a directory that does not exist yet or is empty, on the same file
   *     system as the store for RocksDB (hard links); its parent is created if missing; never
   *     {@code null}
   * @return the snapshot, listing every file it wrote; the caller owns the directory
   * @throws IllegalArgumentException if {@code targetDirectory} exists and is not an empty
   *     directory
   * @throws StateStoreException if the storage fails; a partly written directory may remain
   * @throws IllegalStateException if the store is closed
   */
  StateSnapshot snapshot(Path targetDirectory);

  /** Releases memory and files handles; state stays on disk for a persistent store. */
  @Override
  void close();
}

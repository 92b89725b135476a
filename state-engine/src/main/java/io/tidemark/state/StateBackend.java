package io.tidemark.state;

import java.nio.file.Path;

/**
 * A factory and owner of {@link StateStore}s: one backend per process (or per job) opens one
 * store per (operator uid, partition) and owns the resources they share (for RocksDB, the
 * block cache and the bloom filter policy).
 *
 * <p>Follows Flink's keyed state backend and Kafka Streams' {@code StoreBuilder}: the backend
 * decides where and how state lives, the stores only see their key groups. Obtain one from
 * {@link StateBackends}.
 *
 * <p>Thread-safety: {@link #open} and {@link #close} may be called from any thread. A store
 * returned by {@code open} follows the threading rules of {@link StateStore}.
 *
 * <p>Lifecycle: {@link #close()} first closes every store this backend opened and has not
 * seen closed yet (which closes their read views), then the shared resources. It is
 * idempotent; {@code open} after close throws {@link IllegalStateException}.
 */
public interface StateBackend extends AutoCloseable {

  /**
   * Opens the state of partition {@code partition} of operator {@code operatorUid}.
   *
   * <p>A persistent backend reopens the state on disk, so the committed version, the key count
   * and the data survive a close and a process restart; a new store starts at
   * {@link StateStore#NO_VERSION} with no keys.
   *
   * @param operatorUid the stable name of the operator; non-empty, only {@code [A-Za-z0-9._-]}
   *     (it names a directory), never {@code null}
   * @param partition the partition index, {@code >= 0}
   * @param keyGroups the key groups the store holds, within {@code [0,
   *     KeyGroupAssignment.MAX_NUM_KEY_GROUPS)}; never {@code null}
   * @return an open store; the caller closes it (or closes the backend)
   * @throws IllegalArgumentException if an argument is invalid
   * @throws IllegalStateException if this backend is closed, or the same (uid, partition) is
   *     already open in this backend
   * @throws StateStoreException if the storage cannot be opened; nothing is leaked then
   */
  StateStore open(String operatorUid, int partition, KeyGroupRange keyGroups);

  /**
   * Replaces the state of partition {@code partition} of operator {@code operatorUid} with the
   * snapshot in {@code snapshotDirectory} (made by {@link StateStore#snapshot} of a store of the
   * same backend kind, possibly in another process or machine, and possibly downloaded from a
   * data checkpoint), then opens it as {@link #open} does. The snapshot directory is left
   * unchanged (RocksDB hard-links the immutable files and copies the others).
   *
   * <p>Whatever state the backend held for that (uid, partition) is discarded first.
   *
   * @param operatorUid the stable name of the operator; as for {@link #open}
   * @param partition the partition index, {@code >= 0}
   * @param keyGroups the key groups the store holds; never {@code null}
   * @param snapshotDirectory a snapshot directory of this backend's format; never {@code null}
   * @return the open store, at the snapshot's committed version with its keys
   * @throws IllegalArgumentException if an argument is invalid
   * @throws IllegalStateException if this backend is closed or the (uid, partition) is open
   * @throws StateStoreException if the directory is not a snapshot of this backend's format,
   *     fails its checksum, or the storage fails; the message names the directory
   */
  StateStore restore(String operatorUid, int partition, KeyGroupRange keyGroups,
      Path snapshotDirectory);

  /** A short name of the backend for logs and messages, e.g. {@code "rocksdb"}. */
  String name();

  /**
   * Closes all stores still open in this backend, then the shared resources. Idempotent;
   * never throws for a second call.
   */
  @Override
  void close();
}

/**
 * Local snapshots of state stores, the synchronous "prepare" half of a data checkpoint (Flink's
 * {@code SnapshotStrategy}): {@link io.tidemark.state.StateStore#snapshot} captures one committed
 * version as files in a local directory, {@link io.tidemark.state.StateBackend#restore} opens a
 * store from such a directory. Uploading, manifests and shared-file bookkeeping live in the
 * {@code checkpoint} module, which sees a snapshot only as a list of {@link
 * io.tidemark.state.snapshot.SnapshotFile}s.
 */
package io.tidemark.state.snapshot;

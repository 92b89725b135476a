package io.tidemark.state.snapshot;

import io.tidemark.state.KeyGroupRange;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A local, self-contained copy of one committed version of one state store (one operator
 * partition), as files in {@link #directory()}: what {@link io.tidemark.state.StateStore#snapshot}
 * returns and {@link io.tidemark.state.StateBackend#restore} reads.
 *
 * <p>The snapshot does not depend on the store after it was taken: the store may commit, close
 * or be deleted. The caller owns the directory and deletes it when done (for RocksDB the files
 * are hard links, so deleting them frees no space the store still uses).
 *
 * <p>Immutable and thread-safe.
 *
 * @param operatorUid the operator whose state this is; never {@code null}
 * @param partition the partition index, {@code >= 0}
 * @param keyGroups the key groups of the store; never {@code null}
 * @param version the committed state version captured (batch time in ms), or
 *     {@link io.tidemark.state.StateStore#NO_VERSION}
 * @param numKeys the exact number of keys of that version
 * @param format the snapshot's format, {@link #FORMAT_ROCKSDB} or {@link #FORMAT_HEAP}; a backend
 *     restores only its own format
 * @param directory the local directory holding the files; never {@code null}
 * @param files every file of the snapshot, sorted by name; never {@code null}
 */
public record StateSnapshot(String operatorUid, int partition, KeyGroupRange keyGroups,
    long version, long numKeys, String format, Path directory, List<SnapshotFile> files) {

  /** Format of a RocksDB checkpoint directory (layout format 1 of the RocksDB store). */
  public static final String FORMAT_ROCKSDB = "rocksdb-1";

  /** Format of the heap store's single snapshot file ({@code HeapSnapshotFormat}). */
  public static final String FORMAT_HEAP = "heap-1";

  /**
   * Validates and copies the fields.
   *
   * @throws NullPointerException if a reference is {@code null}
   * @throws IllegalArgumentException if {@code partition < 0} or {@code numKeys < 0}
   */
  public StateSnapshot {
    Objects.requireNonNull(operatorUid, "operatorUid");
    Objects.requireNonNull(keyGroups, "keyGroups");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(directory, "directory");
    files = List.copyOf(files);
    if (partition < 0 || numKeys < 0) {
      throw new IllegalArgumentException(
          "invalid snapshot: partition " + partition + ", numKeys " + numKeys);
    }
  }

  /** Total size of all files, in bytes. */
  public long totalBytes() {
    long total = 0;
    for (SnapshotFile file : files) {
      total += file.sizeBytes();
    }
    return total;
  }
}

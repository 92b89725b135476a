package io.tidemark.state.snapshot;

import java.util.Objects;

/**
 * One file of a {@link StateSnapshot}: its name inside the snapshot directory, its size, and
 * whether it is <em>shareable</em>, i.e. immutable under its name for the life of the store, so
 * that an incremental checkpoint may reuse an upload of the same name, size and checksum from an
 * earlier checkpoint (RocksDB SST and blob files). Other files (RocksDB {@code MANIFEST-*},
 * {@code OPTIONS-*}, {@code CURRENT}, write-ahead logs; the heap store's snapshot file) are
 * <em>private</em> to one checkpoint.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name file name relative to the snapshot directory, without any directory part; never
 *     {@code null} or empty
 * @param sizeBytes size in bytes, {@code >= 0}
 * @param shareable whether the file may be shared between checkpoints
 */
public record SnapshotFile(String name, long sizeBytes, boolean shareable) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if {@code name} is empty or contains {@code '/'} or
   *     {@code '\\'}, or {@code sizeBytes < 0}
   * @throws NullPointerException if {@code name} is {@code null}
   */
  public SnapshotFile {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".")
        || name.equals("..")) {
      throw new IllegalArgumentException("invalid snapshot file name '" + name + "'");
    }
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("negative size " + sizeBytes + " of " + name);
    }
  }
}

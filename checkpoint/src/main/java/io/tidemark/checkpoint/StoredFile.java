package io.tidemark.checkpoint;

import org.apache.hadoop.fs.Path;

/**
 * A file listed in a checkpoint directory by {@link CheckpointStorage#listFiles}.
 *
 * @param path its qualified path
 * @param sizeBytes its length in bytes when listed
 */
record StoredFile(Path path, long sizeBytes) {
  /** The last component of {@link #path}. */
  String name() {
    return path.getName();
  }
}

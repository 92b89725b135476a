package io.tidemark.checkpoint;

import java.util.Objects;

/**
 * One file of a partition in a {@link DataCheckpointManifest}.
 *
 * @param localName the file's name in the local snapshot directory (e.g. {@code 000042.sst});
 *     never {@code null}
 * @param remoteName the file's path relative to {@code <checkpoint>/state/<operatorUid>/},
 *     {@code shared/…} or {@code private/…}; never {@code null}
 * @param sizeBytes the size in bytes, {@code >= 0}
 * @param crc32c the CRC32C of the whole file
 * @param shared whether the file may be referenced by several manifests (immutable RocksDB
 *     files); private files belong to one manifest
 */
public record StateFile(String localName, String remoteName, long sizeBytes, int crc32c,
    boolean shared) {

  /** @throws NullPointerException if a name is {@code null} */
  public StateFile {
    Objects.requireNonNull(localName, "localName");
    Objects.requireNonNull(remoteName, "remoteName");
  }
}

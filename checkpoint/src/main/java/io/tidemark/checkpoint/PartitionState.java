package io.tidemark.checkpoint;

import io.tidemark.state.KeyGroupRange;
import java.util.List;
import java.util.Objects;

/**
 * The state of one partition of an operator in a {@link DataCheckpointManifest}: what the
 * partition's {@code StateSnapshot} said, and its files.
 *
 * @param partition the partition index, {@code >= 0}
 * @param keyGroups the partition's key groups; never {@code null}
 * @param stateVersion the committed state version of the snapshot (batch time, ms)
 * @param numKeys the number of keys
 * @param format the snapshot format ({@code StateSnapshot.FORMAT_*}); never {@code null}
 * @param files every file of the snapshot, in local-name order; never {@code null}
 */
public record PartitionState(int partition, KeyGroupRange keyGroups, long stateVersion,
    long numKeys, String format, List<StateFile> files) {

  /** Copies {@code files}. @throws NullPointerException if a reference is {@code null} */
  public PartitionState {
    Objects.requireNonNull(keyGroups, "keyGroups");
    Objects.requireNonNull(format, "format");
    files = List.copyOf(files);
  }

  /** Total bytes of the partition's files. */
  public long totalBytes() {
    return files.stream().mapToLong(StateFile::sizeBytes).sum();
  }
}

package io.tidemark.checkpoint;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes metadata checkpoints to {@code <checkpoint>/metadata/checkpoint-<batchTimeMs>-e<epoch>}
 * (Spark Streaming's {@code CheckpointWriter}), each published atomically ({@link PublishMode}),
 * then deletes all but the newest {@link CheckpointOptions#metadataCheckpointsRetained()}.
 *
 * <p>Obtain one from {@link CheckpointDirectory#metadataWriter()}. Thread-safe: writes are
 * serialised. Before publishing, the writer checks that its lease still holds
 * ({@link CheckpointLease#checkOwned()}); a writer whose directory was taken over refuses to
 * write, and so does one that finds a checkpoint of a newer epoch in the directory. Retention
 * never deletes a file of a newer epoch.
 */
public final class MetadataCheckpointWriter {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataCheckpointWriter.class);
  static final String DIRECTORY = "metadata";
  static final String PREFIX = "checkpoint";

  private final CheckpointStorage storage;
  private final Path directory;
  private final CheckpointLease lease;
  private final int retained;

  MetadataCheckpointWriter(CheckpointStorage storage, CheckpointLease lease, int retained) {
    this.storage = storage;
    this.directory = new Path(storage.root(), DIRECTORY);
    this.lease = lease;
    this.retained = retained;
  }

  /**
   * Publishes {@code checkpoint} as {@code checkpoint-<batchTimeMs>-e<epoch>}, durably (synced
   * before it becomes visible), then applies retention. A file of the same name is replaced.
   *
   * @param checkpoint the checkpoint; its {@code writerEpoch} must be this writer's epoch
   * @return the published file
   * @throws IllegalArgumentException if the epoch differs from the lease's
   * @throws CheckpointLease.LostException if the directory was taken over by another writer
   * @throws CheckpointException if the storage fails; the checkpoint may then be absent, but
   *     never partly visible
   */
  public synchronized Path write(MetadataCheckpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    if (checkpoint.writerEpoch() != lease.epoch()) {
      throw new IllegalArgumentException("checkpoint epoch " + checkpoint.writerEpoch()
          + " is not this writer's epoch " + lease.epoch());
    }
    lease.checkOwned();
    // One listing per write serves both the fencing check and retention (a LIST costs on S3).
    List<String> names = new ArrayList<>();
    try {
      for (StoredFile file : storage.listFiles(directory)) {
        names.add(file.name());
      }
    } catch (IOException e) {
      throw new CheckpointException("cannot list " + directory + ": " + e, e);
    }
    checkNoNewerEpoch(names);
    String fileName = VersionedName.format(PREFIX, checkpoint.batchTimeMs(), lease.epoch());
    Path file = new Path(directory, fileName);
    try {
      storage.publish(file, MetadataCheckpointFormat.encode(checkpoint));
    } catch (IOException e) {
      throw new CheckpointException("cannot write metadata checkpoint " + file + ": " + e, e);
    }
    if (!names.contains(fileName)) {
      names.add(fileName);
    }
    retain(names);
    return file;
  }

  /** A checkpoint of a newer epoch proves a takeover even before the heartbeat notices. */
  private void checkNoNewerEpoch(List<String> names) {
    for (String fileName : names) {
      VersionedName.parse(PREFIX, fileName)
          .filter(name -> name.epoch() > lease.epoch())
          .ifPresent(name -> {
            throw new CheckpointLease.LostException("checkpoint directory " + storage.root()
                + " was taken over: " + name.name() + " is of the newer epoch "
                + name.epoch() + "; this writer has epoch " + lease.epoch());
          });
    }
  }

  /**
   * Deletes all but the newest {@code retained} effective checkpoints (by the epoch rule of
   * {@link VersionedName}), all superseded ones, and temporary files of crashed writes. Failures
   * to delete are logged and left for the next call.
   */
  private void retain(List<String> names) {
    try {
      List<VersionedName> all = new ArrayList<>();
      List<Path> temporary = new ArrayList<>();
      for (String name : names) {
        VersionedName.parse(PREFIX, name).ifPresent(all::add);
        if (CheckpointStorage.isTemporaryName(name)) {
          temporary.add(new Path(directory, name));
        }
      }
      List<VersionedName> keep = VersionedName.effective(all);
      keep = keep.subList(0, Math.min(retained, keep.size()));
      for (VersionedName name : all) {
        if (!keep.contains(name) && name.epoch() <= lease.epoch()) {
          storage.delete(new Path(directory, name.name()));
        }
      }
      // Serialised writes: no temporary file of this writer is in flight now (a zombie's may
      // be; deleting it only fails the zombie's rename).
      for (Path temp : temporary) {
        storage.deleteQuietly(temp);
      }
    } catch (IOException e) {
      LOG.warn("metadata checkpoint retention in {} failed, retrying after the next write: {}",
          directory, e.toString());
    }
  }
}

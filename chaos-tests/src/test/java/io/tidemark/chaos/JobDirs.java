package io.tidemark.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The directories of one episode of the job: the checkpoint directory every run resumes from, the
 * local RocksDB state ({@code --state-dir}), the per-batch outputs ({@code --output}) and the run
 * logs.
 *
 * @param checkpoint the local checkpoint directory (damages work on it); unused when {@code
 *     checkpointLocation} is elsewhere
 * @param checkpointLocation where the job checkpoints: {@code checkpoint}, or a directory on HDFS
 * @param sourceArgs the job's source when not the replay source of the shape's input: {@code
 *     --source socket --socket HOST:PORT} for the receiver job of scenario 8
 */
record JobDirs(Path root, Path checkpoint, Path stateDir, Path output, Path logs,
    CheckpointLocation checkpointLocation, List<String> sourceArgs) {

  /** The directories under {@code root} (created, empty). */
  static JobDirs under(Path root) throws IOException {
    deleteRecursively(root);
    JobDirs dirs = new JobDirs(root, root.resolve("checkpoint"), root.resolve("state"), root.resolve("out"),
        root.resolve("logs"), CheckpointLocation.local(root.resolve("checkpoint")), List.of());
    Files.createDirectories(dirs.logs());
    return dirs;
  }

  /** These directories with the checkpoint directory at {@code location}. */
  JobDirs checkpointingTo(CheckpointLocation location) {
    return new JobDirs(root, checkpoint, stateDir, output, logs, location, sourceArgs);
  }

  /** These directories for the receiver job fed by a sender on loopback {@code port}. */
  JobDirs receivingFrom(int port) {
    return new JobDirs(root, checkpoint, stateDir, output, logs, checkpointLocation,
        List.of("--source", "socket", "--socket", "127.0.0.1:" + port));
  }

  /**
   * Whether every run cuts the same batches (the replay source), so each batch's output can be
   * compared with the failure-free run's; a receiver's batches hold what arrived in them.
   */
  boolean batchesReplayable() {
    return sourceArgs.isEmpty();
  }

  /** Deletes {@code dir} and everything below it; nothing if it does not exist. */
  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

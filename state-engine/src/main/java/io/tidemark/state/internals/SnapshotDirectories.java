package io.tidemark.state.internals;

import io.tidemark.state.StateStoreException;
import io.tidemark.state.snapshot.SnapshotFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** File helpers shared by the stores' snapshot and restore paths. */
final class SnapshotDirectories {
  private SnapshotDirectories() {}

  /**
   * Checks a snapshot target: absent, or an empty directory (which is removed, because RocksDB's
   * {@code createCheckpoint} wants to create it). Creates the parent.
   *
   * @return the absolute target
   */
  static Path prepare(Path targetDirectory) {
    Objects.requireNonNull(targetDirectory, "targetDirectory");
    Path target = targetDirectory.toAbsolutePath();
    try {
      if (Files.exists(target)) {
        if (!Files.isDirectory(target)) {
          throw new IllegalArgumentException("snapshot target " + target + " is not a directory");
        }
        try (Stream<Path> entries = Files.list(target)) {
          if (entries.findAny().isPresent()) {
            throw new IllegalArgumentException("snapshot target " + target + " is not empty");
          }
        }
        Files.delete(target);
      }
      Files.createDirectories(target.getParent());
      return target;
    } catch (IOException e) {
      throw new StateStoreException("cannot prepare snapshot directory " + target + ": " + e, e);
    }
  }

  /** The regular files of {@code directory}, sorted by name; SST and blob files shareable. */
  static List<SnapshotFile> list(Path directory) throws IOException {
    List<SnapshotFile> files = new ArrayList<>();
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path path : (Iterable<Path>) entries.sorted()::iterator) {
        if (Files.isRegularFile(path)) {
          String name = path.getFileName().toString();
          files.add(new SnapshotFile(name, Files.size(path), isImmutableRocksDbFile(name)));
        }
      }
    }
    return files;
  }

  /** RocksDB never rewrites an SST or blob file under the same name. */
  static boolean isImmutableRocksDbFile(String name) {
    return name.endsWith(".sst") || name.endsWith(".blob");
  }

  /** {@code fsync}s a directory, so the names of files just created in it survive a crash. */
  static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** Deletes {@code directory} and everything under it, if present. */
  static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    }
  }
}

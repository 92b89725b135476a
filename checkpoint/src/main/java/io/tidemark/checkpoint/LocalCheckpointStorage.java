package io.tidemark.checkpoint;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * A checkpoint directory on local disk, on {@code java.nio}: every file is {@code fsync}ed
 * before close ({@link FileChannel#force}), a rename is an atomic {@code rename(2)} followed by
 * an {@code fsync} of the directory, and an exclusive create is a hard link. Same files, names
 * and durability as Hadoop's {@code RawLocalFileSystem} (which the checkpoint module used before),
 * without initialising a Hadoop {@code FileSystem}: that costs 0.6–0.8 s of class loading at
 * process start, the largest part of a restart from local state (see the recovery benchmark in
 * {@code benchmarks}).
 *
 * <p>Thread-safe (stateless apart from the root).
 */
final class LocalCheckpointStorage extends CheckpointStorage {
  private LocalCheckpointStorage(Path root, PublishMode mode) {
    super(root, mode);
  }

  /** {@code root} is a {@code file:} URI or a path without scheme (relative to the working directory). */
  static LocalCheckpointStorage open(Path root, PublishMode mode) {
    java.nio.file.Path dir = java.nio.file.Path.of(root.toUri().getPath()).toAbsolutePath().normalize();
    return new LocalCheckpointStorage(new Path("file", null, dir.toString()), mode);
  }

  private static java.nio.file.Path local(Path path) {
    return java.nio.file.Path.of(path.toUri().getPath());
  }

  @Override
  void writeWhole(Path path, byte[] bytes, boolean overwrite) throws IOException {
    try (SyncableOutput out = create(local(path), overwrite)) {
      out.stream().write(bytes);
      out.sync();
    }
  }

  @Override
  boolean exists(Path path) {
    return Files.exists(local(path));
  }

  @Override
  void renameReplacing(Path from, Path to) throws IOException {
    java.nio.file.Path target = local(to);
    Files.move(local(from), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsyncDirectory(target.getParent());
  }

  @Override
  boolean renameIfAbsent(Path from, Path to) throws IOException {
    java.nio.file.Path target = local(to);
    try {
      Files.createLink(target, local(from));
    } catch (FileAlreadyExistsException e) {
      return false;
    }
    fsyncDirectory(target.getParent());
    return true;
  }

  @Override
  SyncableOutput create(Path path) throws IOException {
    return create(local(path), false);
  }

  private static SyncableOutput create(java.nio.file.Path file, boolean overwrite) throws IOException {
    java.nio.file.Path parent = file.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    FileChannel channel = overwrite
        ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)
        : FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    // Closing the stream closes the channel.
    return new SyncableOutput(Channels.newOutputStream(channel), () -> channel.force(true));
  }

  @Override
  InputStream open(Path path) throws IOException {
    try {
      return Files.newInputStream(local(path));
    } catch (NoSuchFileException e) {
      throw notFound(path, e);
    }
  }

  @Override
  long length(Path path) throws IOException {
    try {
      return Files.size(local(path));
    } catch (NoSuchFileException e) {
      throw notFound(path, e);
    }
  }

  private static FileNotFoundException notFound(Path path, NoSuchFileException cause) {
    FileNotFoundException e = new FileNotFoundException(path + " does not exist");
    e.initCause(cause);
    return e;
  }

  @Override
  List<StoredFile> listFiles(Path dir) throws IOException {
    List<StoredFile> files = new ArrayList<>();
    try (DirectoryStream<java.nio.file.Path> entries = Files.newDirectoryStream(local(dir))) {
      for (java.nio.file.Path entry : entries) {
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(entry, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
          continue; // deleted since listed (a temporary name, or retention)
        }
        if (attributes.isRegularFile()) {
          files.add(new StoredFile(new Path(dir, entry.getFileName().toString()), attributes.size()));
        }
      }
    } catch (NoSuchFileException e) {
      // no directory yet: no files
    }
    return files;
  }

  @Override
  void mkdirs(Path dir) throws IOException {
    Files.createDirectories(local(dir));
  }

  @Override
  boolean delete(Path file) throws IOException {
    return Files.deleteIfExists(local(file));
  }

  @Override
  void syncDirectory(Path dir) throws IOException {
    fsyncDirectory(local(dir));
  }

  private static void fsyncDirectory(java.nio.file.Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}

package io.tidemark.checkpoint;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.StreamCapabilities;

/**
 * The file operations of a checkpoint directory on one Hadoop {@link FileSystem}, with the
 * per-store rules in one place: the checksumming {@code LocalFileSystem} is replaced by
 * {@code RawLocalFileSystem} (whose {@code hsync} is an {@code fsync}), streams are
 * {@code hsync}ed before close where they can be, and publication follows {@link PublishMode}.
 *
 * <p>Thread-safe (Hadoop file systems are). The {@code FileSystem} is shared (Hadoop caches
 * instances) and never closed here.
 */
final class CheckpointStorage {
  private static final Set<String> OBJECT_STORE_SCHEMES =
      Set.of("s3a", "s3", "s3n", "gs", "oss", "cos", "obs");
  private static final int COPY_BUFFER_BYTES = 1 << 20;

  private final FileSystem fs;
  private final Path root;
  private final boolean local;
  private final boolean rename;

  private CheckpointStorage(FileSystem fs, Path root, PublishMode mode) {
    this.fs = fs;
    this.root = root;
    this.local = fs instanceof RawLocalFileSystem;
    String scheme = root.toUri().getScheme() == null ? "" : root.toUri().getScheme();
    this.rename = switch (mode) {
      case RENAME -> true;
      case DIRECT -> false;
      case AUTO -> !OBJECT_STORE_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT));
    };
  }

  /**
   * Resolves the file system of {@code root}.
   *
   * @throws CheckpointException if the file system cannot be created
   */
  static CheckpointStorage open(Path root, Configuration conf, PublishMode mode) {
    try {
      FileSystem fileSystem = root.getFileSystem(conf);
      FileSystem fs = fileSystem instanceof LocalFileSystem localFs
          ? localFs.getRawFileSystem() : fileSystem;
      return new CheckpointStorage(fs, fs.makeQualified(root), mode);
    } catch (IOException e) {
      throw new CheckpointException("cannot resolve the file system of " + root + ": " + e, e);
    }
  }

  FileSystem fileSystem() {
    return fs;
  }

  /** The qualified checkpoint directory. */
  Path root() {
    return root;
  }

  boolean publishesByRename() {
    return rename;
  }

  /** A random 8-hex-digit id for unique file names. */
  static String uniqueId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Makes {@code bytes} visible under {@code target}, atomically: a reader sees no file or the
   * whole file. Replaces an existing file (atomically where the store can).
   */
  void publish(Path target, byte[] bytes) throws IOException {
    if (!rename) {
      writeWhole(target, bytes, true);
      return;
    }
    Path temp = temporaryName(target);
    writeWhole(temp, bytes, false);
    try {
      if (local) {
        java.nio.file.Path from = localFile(temp);
        java.nio.file.Path to = localFile(target);
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncLocalDirectory(to.getParent());
      } else {
        FileContext.getFileContext(fs.getUri(), fs.getConf())
            .rename(temp, target, Options.Rename.OVERWRITE);
      }
    } catch (IOException | RuntimeException e) {
      deleteQuietly(temp);
      throw e;
    }
  }

  /**
   * Creates {@code target} with {@code bytes} unless it exists; atomic on local disk (a hard
   * link) and HDFS (a rename that refuses an existing target). On object stores the check and
   * the write are two requests, so two writers racing within milliseconds may both succeed.
   *
   * @return {@code false} if {@code target} existed
   */
  boolean createExclusively(Path target, byte[] bytes) throws IOException {
    if (!rename) {
      if (fs.exists(target)) {
        return false;
      }
      try {
        writeWhole(target, bytes, false);
        return true;
      } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
        return false;
      }
    }
    Path temp = temporaryName(target);
    writeWhole(temp, bytes, false);
    try {
      if (local) {
        try {
          Files.createLink(localFile(target), localFile(temp));
        } catch (FileAlreadyExistsException e) {
          return false;
        }
        syncLocalDirectory(localFile(target).getParent());
        return true;
      }
      return fs.rename(temp, target);
    } finally {
      deleteQuietly(temp);
    }
  }

  private static Path temporaryName(Path target) {
    return new Path(target.getParent(), "." + target.getName() + "." + uniqueId() + ".tmp");
  }

  /** Whether a name is a temporary name of {@link #publish} or {@link #createExclusively}. */
  static boolean isTemporaryName(String name) {
    return name.startsWith(".") && name.endsWith(".tmp");
  }

  private void writeWhole(Path path, byte[] bytes, boolean overwrite) throws IOException {
    try (FSDataOutputStream out = fs.create(path, overwrite)) {
      out.write(bytes);
      sync(out);
    }
  }

  private static void sync(FSDataOutputStream out) throws IOException {
    // S3A cannot sync (the upload completes at close); asking it would only log a warning.
    if (out.hasCapability(StreamCapabilities.HSYNC)) {
      out.hsync();
    }
  }

  /** The result of {@link #upload}: bytes written and their CRC32C. */
  record Upload(long sizeBytes, int crc32c) {}

  /**
   * Copies a local file to {@code target} (which must not exist: its name is unique), computing
   * the CRC32C of the bytes sent, {@code hsync}s and closes it, then checks the stored size.
   *
   * @throws CheckpointException if the stored size differs from the bytes sent
   */
  Upload upload(java.nio.file.Path source, Path target) throws IOException {
    CRC32C crc = new CRC32C();
    long size = 0;
    byte[] buffer = new byte[COPY_BUFFER_BYTES];
    try (InputStream in = Files.newInputStream(source);
        FSDataOutputStream out = fs.create(target, false)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        crc.update(buffer, 0, n);
        out.write(buffer, 0, n);
        size += n;
      }
      sync(out);
    }
    long stored = fs.getFileStatus(target).getLen();
    if (stored != size) {
      throw new CheckpointException("upload of " + source + " to " + target + " stored " + stored
          + " bytes, sent " + size);
    }
    return new Upload(size, (int) crc.getValue());
  }

  /** The CRC32C of a local file. */
  static int crc32c(java.nio.file.Path file) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[COPY_BUFFER_BYTES];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        crc.update(buffer, 0, n);
      }
    }
    return (int) crc.getValue();
  }

  /**
   * Copies {@code source} to a new local file {@code target}, checking size and CRC32C.
   *
   * @throws CorruptCheckpointFileException naming {@code source} on a mismatch
   */
  void download(Path source, java.nio.file.Path target, long expectedSize, int expectedCrc)
      throws IOException {
    CRC32C crc = new CRC32C();
    long size = 0;
    byte[] buffer = new byte[COPY_BUFFER_BYTES];
    try (InputStream in = fs.open(source);
        var out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        size += n;
        if (size > expectedSize) {
          throw new CorruptCheckpointFileException(source.toString(), "longer than the "
              + expectedSize + " bytes its manifest lists");
        }
        crc.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    } catch (FileNotFoundException e) {
      throw new CorruptCheckpointFileException(source.toString(),
          "missing, but listed by the manifest");
    }
    if (size != expectedSize) {
      throw new CorruptCheckpointFileException(source.toString(), "has " + size
          + " bytes, its manifest lists " + expectedSize);
    }
    if ((int) crc.getValue() != expectedCrc) {
      throw new CorruptCheckpointFileException(source.toString(), String.format(
          "CRC32C 0x%08X differs from the manifest's 0x%08X", (int) crc.getValue(), expectedCrc));
    }
    try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /**
   * Reads a whole small file, refusing before allocation one longer than {@code maxBytes}.
   *
   * @throws FileNotFoundException if it does not exist
   * @throws CorruptCheckpointFileException if it is longer than {@code maxBytes} or shrinks
   */
  byte[] readSmallFile(Path file, long maxBytes) throws IOException {
    FileStatus status = fs.getFileStatus(file);
    long length = status.getLen();
    if (length > maxBytes) {
      throw new CorruptCheckpointFileException(file.toString(), "size " + length
          + " exceeds the limit of " + maxBytes + " bytes");
    }
    byte[] bytes = new byte[(int) length];
    try (InputStream in = fs.open(file)) {
      int read = in.readNBytes(bytes, 0, bytes.length);
      if (read != bytes.length) {
        throw new CorruptCheckpointFileException(file.toString(), "truncated while reading: "
            + read + " of " + length + " bytes");
      }
    }
    return bytes;
  }

  /** The files (not directories) directly in {@code dir}; empty if it does not exist. */
  List<FileStatus> listFiles(Path dir) throws IOException {
    List<FileStatus> files = new ArrayList<>();
    try {
      for (FileStatus status : fs.listStatus(dir)) {
        if (status.isFile()) {
          files.add(status);
        }
      }
    } catch (FileNotFoundException e) {
      // no directory yet: no files
    }
    return files;
  }

  void mkdirs(Path dir) throws IOException {
    fs.mkdirs(dir);
  }

  /** Deletes a file; {@code true} if it existed. */
  boolean delete(Path file) throws IOException {
    return fs.delete(file, false);
  }

  void deleteQuietly(Path file) {
    try {
      fs.delete(file, false);
    } catch (IOException e) {
      // best effort: a leftover temporary name is ignored by readers and removed by retention
    }
  }

  private java.nio.file.Path localFile(Path path) {
    return ((RawLocalFileSystem) fs).pathToFile(path).toPath();
  }

  private static void syncLocalDirectory(java.nio.file.Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /**
   * On local disk, {@code fsync}s {@code dir} so the names of files created in it survive a
   * power loss before a manifest that lists them is published; elsewhere a no-op (HDFS and S3
   * make a closed file's name durable).
   */
  void syncDirectory(Path dir) throws IOException {
    if (local) {
      syncLocalDirectory(localFile(dir));
    }
  }

  @Override
  public String toString() {
    return root + (rename ? " (publish by rename)" : " (publish directly)");
  }
}

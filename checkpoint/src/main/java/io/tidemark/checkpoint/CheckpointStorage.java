package io.tidemark.checkpoint;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeysPublic;
import org.apache.hadoop.fs.Path;

/**
 * The file operations of a checkpoint directory, with the per-store rules in one place: files
 * are synced before close where the store can, and publication follows {@link PublishMode}.
 * Two implementations: {@link LocalCheckpointStorage} for a directory on local disk
 * ({@code file:}), on {@code java.nio} (an {@code fsync} per file, atomic {@code rename(2)},
 * hard links; it never initialises a Hadoop {@code FileSystem}, which costs the best part of a
 * second at process start, see the recovery benchmark), and {@link HadoopCheckpointStorage} for
 * every other scheme (HDFS, S3A, ...) through Hadoop's {@code FileSystem}.
 *
 * <p>Thread-safe.
 */
abstract class CheckpointStorage {
  private static final Set<String> OBJECT_STORE_SCHEMES =
      Set.of("s3a", "s3", "s3n", "gs", "oss", "cos", "obs");
  /**
   * Copy and checksum buffer, bytes. 64 KiB: a buffer of half a G1 region or more (1 MiB regions
   * at a 2 GiB heap) is a humongous allocation; with the 1 MiB buffer this was, one per file of
   * every data checkpoint, the flights job (9 M records, a checkpoint a second) ran 17 concurrent
   * G1 cycles started by humongous allocations in 18 s, 3 with this one (JFR), its pauses 630 ms
   * against 403 ms.
   */
  static final int COPY_BUFFER_BYTES = 64 << 10;

  private final Path root;
  private final boolean rename;

  CheckpointStorage(Path root, PublishMode mode) {
    this.root = root;
    String scheme = root.toUri().getScheme() == null ? "" : root.toUri().getScheme();
    this.rename = switch (mode) {
      case RENAME -> true;
      case DIRECT -> false;
      case AUTO -> !OBJECT_STORE_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT));
    };
  }

  /**
   * The storage of {@code root}: {@link LocalCheckpointStorage} when {@code root} is a
   * {@code file:} URI, or has no scheme while the configuration's default file system
   * ({@code fs.defaultFS}) is {@code file:}; {@link HadoopCheckpointStorage} otherwise.
   *
   * @throws CheckpointException if the file system cannot be created
   */
  static CheckpointStorage open(Path root, Configuration conf, PublishMode mode) {
    return open(root, () -> conf, mode);
  }

  /** As {@link #open(Path, Configuration, PublishMode)}; {@code conf} is not asked for a {@code file:} URI. */
  static CheckpointStorage open(Path root, Supplier<Configuration> conf, PublishMode mode) {
    String scheme = root.toUri().getScheme();
    if (scheme == null) {
      String defaultFs = conf.get().get(CommonConfigurationKeysPublic.FS_DEFAULT_NAME_KEY,
          CommonConfigurationKeysPublic.FS_DEFAULT_NAME_DEFAULT);
      scheme = URI.create(defaultFs).getScheme();
    }
    if ("file".equalsIgnoreCase(scheme)) {
      return LocalCheckpointStorage.open(root, mode);
    }
    return HadoopCheckpointStorage.open(root, conf.get(), mode);
  }

  /** The qualified checkpoint directory. */
  final Path root() {
    return root;
  }

  final boolean publishesByRename() {
    return rename;
  }

  /**
   * A random 8-hex-digit id for unique file names: 32 random bits, as the first 8 digits of a
   * random UUID, but from {@link ThreadLocalRandom}, not {@code SecureRandom}, whose first use
   * costs 40–50 ms (seeding, provider set-up) at the lease of every start. The names need not be
   * unguessable, only distinct from another writer's (which also carry its lease epoch, where it
   * matters).
   */
  static String uniqueId() {
    long bits = ThreadLocalRandom.current().nextInt() & 0xffff_ffffL;
    return Long.toHexString(bits | 0x1_0000_0000L).substring(1);
  }

  /**
   * Makes {@code bytes} visible under {@code target}, atomically: a reader sees no file or the
   * whole file. Replaces an existing file (atomically where the store can).
   */
  final void publish(Path target, byte[] bytes) throws IOException {
    if (!rename) {
      writeWhole(target, bytes, true);
      return;
    }
    Path temp = temporaryName(target);
    writeWhole(temp, bytes, false);
    try {
      renameReplacing(temp, target);
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
  final boolean createExclusively(Path target, byte[] bytes) throws IOException {
    if (!rename) {
      if (exists(target)) {
        return false;
      }
      try {
        writeWhole(target, bytes, false);
        return true;
      } catch (org.apache.hadoop.fs.FileAlreadyExistsException
          | java.nio.file.FileAlreadyExistsException e) {
        return false;
      }
    }
    Path temp = temporaryName(target);
    writeWhole(temp, bytes, false);
    try {
      return renameIfAbsent(temp, target);
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

  /**
   * Writes {@code bytes} to {@code path} (creating missing parent directories), syncs where the
   * store can, and closes it.
   *
   * @throws org.apache.hadoop.fs.FileAlreadyExistsException or {@link
   *     java.nio.file.FileAlreadyExistsException} if {@code path} exists and not {@code overwrite}
   */
  abstract void writeWhole(Path path, byte[] bytes, boolean overwrite) throws IOException;

  abstract boolean exists(Path path) throws IOException;

  /** Renames {@code from} to {@code to}, replacing {@code to}; durable when it returns. */
  abstract void renameReplacing(Path from, Path to) throws IOException;

  /**
   * Makes {@code from}'s content appear under {@code to} unless {@code to} exists; durable when
   * it returns. {@code from} may remain (the caller deletes it).
   *
   * @return {@code false} if {@code to} existed
   */
  abstract boolean renameIfAbsent(Path from, Path to) throws IOException;

  /** The result of {@link #upload}: bytes written and their CRC32C. */
  record Upload(long sizeBytes, int crc32c) {}

  /**
   * Copies a local file to {@code target} (which must not exist: its name is unique), computing
   * the CRC32C of the bytes sent, syncs and closes it, then checks the stored size.
   *
   * @throws CheckpointException if the stored size differs from the bytes sent
   */
  final Upload upload(java.nio.file.Path source, Path target) throws IOException {
    CRC32C crc = new CRC32C();
    long size = 0;
    byte[] buffer = new byte[COPY_BUFFER_BYTES];
    try (InputStream in = Files.newInputStream(source)) {
      SyncableOutput out = create(target);
      try {
        int n;
        while ((n = in.read(buffer)) > 0) {
          crc.update(buffer, 0, n);
          out.stream().write(buffer, 0, n);
          size += n;
        }
        out.sync();
      } catch (IOException | RuntimeException | Error e) {
        closeAfterFailure(out, e);
        throw e;
      }
      out.close();
    }
    long stored = length(target);
    if (stored != size) {
      throw new CheckpointException("upload of " + source + " to " + target + " stored " + stored
          + " bytes, sent " + size);
    }
    return new Upload(size, (int) crc.getValue());
  }

  /**
   * Closes {@code stream} after {@code failure}, keeping a different close failure as suppressed.
   * Not try-with-resources: a failed HDFS output stream rethrows the write's own exception from
   * {@code close()}, and {@code addSuppressed} of an exception to itself throws
   * {@code IllegalArgumentException("Self-suppression not permitted")}, hiding the real error
   * (seen with a space quota exceeded).
   */
  static void closeAfterFailure(Closeable stream, Throwable failure) {
    try {
      stream.close();
    } catch (IOException | RuntimeException | Error e) {
      if (e != failure) {
        failure.addSuppressed(e);
      }
    }
  }

  /**
   * An output stream and how to sync it before close (a no-op where the store cannot).
   *
   * @param stream closing it closes the file
   * @param syncAction makes what was written durable
   */
  record SyncableOutput(OutputStream stream, SyncAction syncAction) implements Closeable {
    /** Makes what was written so far durable. */
    interface SyncAction {
      void sync() throws IOException;
    }

    void sync() throws IOException {
      syncAction.sync();
    }

    @Override
    public void close() throws IOException {
      stream.close();
    }
  }

  /** Creates a new file (not overwriting), with missing parent directories. */
  abstract SyncableOutput create(Path path) throws IOException;

  /**
   * Opens {@code path} for reading.
   *
   * @throws FileNotFoundException if it does not exist
   */
  abstract InputStream open(Path path) throws IOException;

  /**
   * The length of {@code path} in bytes.
   *
   * @throws FileNotFoundException if it does not exist
   */
  abstract long length(Path path) throws IOException;

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
  final void download(Path source, java.nio.file.Path target, long expectedSize, int expectedCrc)
      throws IOException {
    CRC32C crc = new CRC32C();
    long size = 0;
    byte[] buffer = new byte[COPY_BUFFER_BYTES];
    try (InputStream in = open(source);
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
  final byte[] readSmallFile(Path file, long maxBytes) throws IOException {
    long length = length(file);
    if (length > maxBytes) {
      throw new CorruptCheckpointFileException(file.toString(), "size " + length
          + " exceeds the limit of " + maxBytes + " bytes");
    }
    byte[] bytes = new byte[(int) length];
    try (InputStream in = open(file)) {
      int read = in.readNBytes(bytes, 0, bytes.length);
      if (read != bytes.length) {
        throw new CorruptCheckpointFileException(file.toString(), "truncated while reading: "
            + read + " of " + length + " bytes");
      }
    }
    return bytes;
  }

  /** The files (not directories) directly in {@code dir}; empty if it does not exist. */
  abstract List<StoredFile> listFiles(Path dir) throws IOException;

  abstract void mkdirs(Path dir) throws IOException;

  /** Deletes a file; {@code true} if it existed. */
  abstract boolean delete(Path file) throws IOException;

  final void deleteQuietly(Path file) {
    try {
      delete(file);
    } catch (IOException e) {
      // best effort: a leftover temporary name is ignored by readers and removed by retention
    }
  }

  /**
   * On local disk, {@code fsync}s {@code dir} so the names of files created in it survive a
   * power loss before a manifest that lists them is published; elsewhere a no-op (HDFS and S3
   * make a closed file's name durable).
   */
  abstract void syncDirectory(Path dir) throws IOException;

  @Override
  public String toString() {
    return root + (rename ? " (publish by rename)" : " (publish directly)");
  }
}

package io.tidemark.checkpoint;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
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
 * A checkpoint directory on a Hadoop {@link FileSystem} other than the local one (HDFS, S3A,
 * ...): streams are {@code hsync}ed before close where they can be (not on S3A, where an upload
 * completes at close), renames are the store's own.
 *
 * <p>Thread-safe (Hadoop file systems are). The {@code FileSystem} is shared (Hadoop caches
 * instances) and never closed here.
 */
final class HadoopCheckpointStorage extends CheckpointStorage {
  private final FileSystem fs;
  /**
   * For renames that replace (which {@code FileSystem}'s public API lacks); created on first use
   * and kept for the life of this storage: unlike {@code FileSystem}, Hadoop does not cache
   * {@code FileContext}s, and each new one builds a new client of the store (a {@code DFSClient},
   * an S3A file system with its thread pools) that nothing closes. Before, every metadata
   * checkpoint built one. The client of this one is not closed either ({@code FileContext} has
   * no close): one per checkpoint directory a process opens.
   */
  private FileContext fileContext;

  private HadoopCheckpointStorage(FileSystem fs, Path root, PublishMode mode) {
    super(root, mode);
    this.fs = fs;
  }

  /**
   * Resolves the file system of {@code root}. A scheme that the configuration maps to Hadoop's
   * local file system gets {@link LocalCheckpointStorage} (a rename there would replace an
   * existing file, so exclusive creates need its hard links).
   *
   * @throws CheckpointException if the file system cannot be created
   */
  static CheckpointStorage open(Path root, Configuration conf, PublishMode mode) {
    try {
      FileSystem fs = root.getFileSystem(conf);
      if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
        return LocalCheckpointStorage.open(fs.makeQualified(root), mode);
      }
      return new HadoopCheckpointStorage(fs, fs.makeQualified(root), mode);
    } catch (IOException e) {
      throw new CheckpointException("cannot resolve the file system of " + root + ": " + e, e);
    }
  }

  @Override
  void writeWhole(Path path, byte[] bytes, boolean overwrite) throws IOException {
    FSDataOutputStream out = fs.create(path, overwrite);
    try {
      out.write(bytes);
      sync(out);
    } catch (IOException | RuntimeException | Error e) {
      closeAfterFailure(out, e);
      throw e;
    }
    out.close();
  }

  private static void sync(FSDataOutputStream out) throws IOException {
    // S3A cannot sync (the upload completes at close); asking it would only log a warning.
    if (out.hasCapability(StreamCapabilities.HSYNC)) {
      out.hsync();
    }
  }

  @Override
  boolean exists(Path path) throws IOException {
    return fs.exists(path);
  }

  @Override
  void renameReplacing(Path from, Path to) throws IOException {
    fileContext().rename(from, to, Options.Rename.OVERWRITE);
  }

  private synchronized FileContext fileContext() throws IOException {
    if (fileContext == null) {
      fileContext = FileContext.getFileContext(fs.getUri(), fs.getConf());
    }
    return fileContext;
  }

  @Override
  boolean renameIfAbsent(Path from, Path to) throws IOException {
    return fs.rename(from, to);
  }

  @Override
  SyncableOutput create(Path path) throws IOException {
    FSDataOutputStream out = fs.create(path, false);
    return new SyncableOutput(out, () -> sync(out));
  }

  @Override
  InputStream open(Path path) throws IOException {
    return fs.open(path);
  }

  @Override
  long length(Path path) throws IOException {
    return fs.getFileStatus(path).getLen();
  }

  @Override
  List<StoredFile> listFiles(Path dir) throws IOException {
    List<StoredFile> files = new ArrayList<>();
    try {
      for (FileStatus status : fs.listStatus(dir)) {
        if (status.isFile()) {
          files.add(new StoredFile(status.getPath(), status.getLen()));
        }
      }
    } catch (FileNotFoundException e) {
      // no directory yet: no files
    }
    return files;
  }

  @Override
  void mkdirs(Path dir) throws IOException {
    fs.mkdirs(dir);
  }

  @Override
  boolean delete(Path file) throws IOException {
    return fs.delete(file, false);
  }

  @Override
  void syncDirectory(Path dir) {
    // HDFS and object stores make a closed file's name durable.
  }
}

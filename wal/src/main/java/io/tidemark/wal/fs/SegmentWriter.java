package io.tidemark.wal.fs;

import io.tidemark.wal.DurabilityPolicy;
import io.tidemark.wal.RecordHandle;
import io.tidemark.wal.WalException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.hdfs.client.HdfsDataOutputStream;

/**
 * Appends frames to one new segment file (Spark's {@code FileBasedWriteAheadLogWriter}). Not
 * thread-safe: the log calls it under its write lock or from its group-commit thread.
 *
 * <p>Tracks two lengths: {@link #position()} (bytes handed to the stream) and {@link
 * #syncedLength()} (bytes covered by the last successful sync), so that after a failed append the
 * log can cut the file back to what was acknowledged.
 */
final class SegmentWriter implements Closeable {

  private static final int CHUNK = 64 * 1024;

  /**
   * Frames are gathered in a buffer of this size and handed to the stream in large writes (at a
   * sync, or when it is full): the file system's own buffer is small (4 KiB on the local file
   * system), so a 4 KiB record used to cost two write system calls, one for its 8-byte header and
   * one for its payload. Nothing changes for durability: a sync writes the buffer first.
   */
  static final int STAGE = 256 * 1024;

  private final FileSystem fs;
  private final Path path;
  private final String pathString;
  private final SegmentName name;
  private final FSDataOutputStream out;
  private final boolean syncable;
  private final byte[] frameHeader = new byte[SegmentFormat.FRAME_HEADER_SIZE];
  private byte[] copyBuffer;
  private byte[] stage;
  private int staged;
  private long position;
  private long syncedLength;
  private boolean directorySynced;

  private SegmentWriter(
      FileSystem fs, Path path, SegmentName name, FSDataOutputStream out, boolean syncable) {
    this.fs = fs;
    this.path = path;
    this.pathString = path.toString();
    this.name = name;
    this.out = out;
    this.syncable = syncable;
  }

  /**
   * Creates the segment file (failing if it exists) and writes its header.
   *
   * @param requireSync whether the stream must offer the policy's sync ({@code false} only in
   *     close-after-write mode, where {@code close} is what makes the file durable)
   * @throws WalException if the stream cannot sync as required (an object store without
   *     close-after-write would silently lose acknowledged records)
   */
  static SegmentWriter create(
      FileSystem fs, Path dir, SegmentName name, DurabilityPolicy policy, boolean requireSync)
      throws IOException {
    Path path = new Path(dir, name.fileName());
    FSDataOutputStream out = fs.create(path, false);
    String capability =
        policy == DurabilityPolicy.HFLUSH ? "hflush" : StreamCapabilities.HSYNC; // HFLUSH constant is deprecated
    boolean syncable = out.hasCapability(capability);
    if (!syncable && requireSync) {
      try {
        out.close();
      } catch (IOException ignored) {
        // the refusal below is the error that matters
      }
      throw new WalException(
          "the file system's streams do not support " + capability
              + ", so a write could not be made durable; enable closeAfterWrite for object stores",
          path.toString(), null);
    }
    SegmentWriter writer = new SegmentWriter(fs, path, name, out, syncable);
    out.write(SegmentFormat.header());
    writer.position = SegmentFormat.HEADER_SIZE;
    return writer;
  }

  SegmentName name() {
    return name;
  }

  Path path() {
    return path;
  }

  long position() {
    return position;
  }

  long syncedLength() {
    return syncedLength;
  }

  /** Writes one frame (not yet synced) and returns the record's handle. */
  RecordHandle append(ByteBuffer payload) throws IOException {
    int length = payload.remaining();
    int crc = SegmentFormat.maskedCrc(payload);
    long offset = position;
    int frame = SegmentFormat.FRAME_HEADER_SIZE + length;
    if (frame <= STAGE) {
      if (stage == null) {
        stage = new byte[STAGE];
      } else if (staged + frame > STAGE) {
        flushStage();
      }
      ByteBuffer.wrap(stage, staged, frame).putInt(length).putInt(crc)
          .put(payload.duplicate());
      staged += frame;
      position += frame;
      return new RecordHandle(pathString, offset, length);
    }
    flushStage();
    ByteBuffer.wrap(frameHeader).putInt(length).putInt(crc);
    out.write(frameHeader);
    if (payload.hasArray()) {
      out.write(payload.array(), payload.arrayOffset() + payload.position(), length);
    } else {
      ByteBuffer src = payload.duplicate();
      if (copyBuffer == null) {
        copyBuffer = new byte[CHUNK];
      }
      while (src.hasRemaining()) {
        int n = Math.min(src.remaining(), copyBuffer.length);
        src.get(copyBuffer, 0, n);
        out.write(copyBuffer, 0, n);
      }
    }
    position += SegmentFormat.FRAME_HEADER_SIZE + length;
    return new RecordHandle(pathString, offset, length);
  }

  /**
   * Makes everything written so far durable by {@code policy}. On HDFS {@code hsync} updates the
   * NameNode's length ({@code UPDATE_LENGTH}) so that a reader's {@code getFileStatus} agrees; on
   * the local file system the directory is fsynced once, after the first sync, so that the new
   * file's name survives a power loss too.
   */
  void sync(DurabilityPolicy policy) throws IOException {
    flushStage();
    if (syncable) {
      if (policy == DurabilityPolicy.HFLUSH) {
        out.hflush();
      } else if (out instanceof HdfsDataOutputStream hdfs) {
        hdfs.hsync(EnumSet.of(HdfsDataOutputStream.SyncFlag.UPDATE_LENGTH));
      } else {
        out.hsync();
      }
      if (!directorySynced && policy != DurabilityPolicy.HFLUSH) {
        syncLocalDirectory();
        directorySynced = true;
      }
    } else {
      out.flush();
    }
    syncedLength = position;
  }

  private void syncLocalDirectory() throws IOException {
    if (fs instanceof RawLocalFileSystem) {
      java.nio.file.Path dir = Paths.get(path.getParent().toUri());
      try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
        channel.force(true);
      }
    }
  }

  private void flushStage() throws IOException {
    if (staged > 0) {
      int n = staged;
      staged = 0; // also after a failure: the log abandons this segment then
      out.write(stage, 0, n);
    }
  }

  /** Closes the stream; what was not synced may or may not be in the file. */
  @Override
  public void close() throws IOException {
    try {
      flushStage();
    } finally {
      out.close();
    }
  }
}

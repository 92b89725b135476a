package io.tidemark.wal.fs;

import io.tidemark.wal.CorruptRecordException;
import io.tidemark.wal.UnreadableSegmentException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the records of one segment in order (Spark's {@code FileBasedWriteAheadLogReader},
 * BookKeeper's journal scan), telling a torn tail from corruption. Not thread-safe.
 *
 * <p>The reader reads the stream to its end rather than trusting a file length, because the
 * length HDFS reports for a file still being written lags behind what a reader can see.
 *
 * <p>At an offset {@code o}, what follows is:
 *
 * <ul>
 *   <li>nothing: the clean end;
 *   <li>a <b>torn tail</b>, ending the segment silently: fewer bytes than a frame header; a frame
 *       whose payload runs past the end; a bad frame (CRC mismatch, or a length below 0 or above
 *       the maximum) with no byte after it; or zeros up to the end (zero-filled after a power
 *       loss, which the masked CRC can never accept as a record);
 *   <li><b>corruption</b>: a bad frame followed by more data. It throws {@link
 *       CorruptRecordException} naming the file and {@code o}, or, when skipping, is counted and
 *       stepped over (a CRC mismatch skips one frame; an impossible length leaves no way to find
 *       the next frame, so the rest of the segment is skipped).
 * </ul>
 */
final class SegmentReader implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentReader.class);
  private static final byte[] HEADER = SegmentFormat.header();

  private final InputStream in;
  private final String file;
  private final int maxRecordSize;
  private final boolean skipCorrupt;
  private final LongAdder skipped;
  private final byte[] frameHeader = new byte[SegmentFormat.FRAME_HEADER_SIZE];
  private long position;
  private long validLength;
  private boolean ended;
  private boolean tornTail;
  private boolean headerTorn;
  private boolean resyncImpossible;

  private SegmentReader(
      InputStream in, String file, int maxRecordSize, boolean skipCorrupt, LongAdder skipped) {
    this.in = in;
    this.file = file;
    this.maxRecordSize = maxRecordSize;
    this.skipCorrupt = skipCorrupt;
    this.skipped = skipped;
  }

  /**
   * Opens a segment and checks its header.
   *
   * @throws UnreadableSegmentException for a wrong magic number or an unknown format version
   * @throws java.io.FileNotFoundException if the file is gone
   */
  static SegmentReader open(
      FileSystem fs, Path path, int maxRecordSize, boolean skipCorrupt, LongAdder skipped)
      throws IOException {
    InputStream in = new BufferedInputStream(fs.open(path, 64 * 1024), 64 * 1024);
    SegmentReader reader =
        new SegmentReader(in, path.toString(), maxRecordSize, skipCorrupt, skipped);
    try {
      reader.readHeader();
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
    return reader;
  }

  private void readHeader() throws IOException {
    byte[] header = new byte[SegmentFormat.HEADER_SIZE];
    int n = readUpTo(header, header.length);
    position = n;
    ByteBuffer b = ByteBuffer.wrap(header);
    int magicBytes = Math.min(n, 4);
    for (int i = 0; i < magicBytes; i++) {
      if (header[i] != HEADER[i]) {
        throw new UnreadableSegmentException(
            String.format("wrong magic number 0x%08X at byte offset 0, expected 0x%08X (\"TMWL\")",
                n >= 4 ? b.getInt(0) : 0, SegmentFormat.MAGIC), file);
      }
    }
    if (n < SegmentFormat.HEADER_SIZE) {
      // A crash right after creating the file: no record was ever acknowledged in it.
      ended = true;
      tornTail = n > 0;
      headerTorn = true;
      validLength = 0;
      return;
    }
    int version = b.getInt(4);
    if (version < 1 || version > SegmentFormat.VERSION) {
      throw new UnreadableSegmentException(
          "format version " + version + " at byte offset 4; this code reads versions 1 to "
              + SegmentFormat.VERSION, file);
    }
    validLength = SegmentFormat.HEADER_SIZE;
  }

  /**
   * Returns the next record's payload, or {@code null} at the end of the segment.
   *
   * @throws CorruptRecordException for corruption when not skipping
   */
  ByteBuffer next() throws IOException {
    while (!ended) {
      long offset = position;
      int n = readUpTo(frameHeader, frameHeader.length);
      position += n;
      if (n == 0) {
        ended = true;
        return null;
      }
      if (n < frameHeader.length) {
        return torn(offset, "partial frame header");
      }
      ByteBuffer h = ByteBuffer.wrap(frameHeader);
      int length = h.getInt(0);
      int crc = h.getInt(4);
      if (length == 0 && crc == 0) {
        // Never a valid frame (the masked CRC of an empty payload is not 0): zeros to the end are
        // a zero-filled tail; zeros followed by data cannot be resynchronised.
        if (skipZeros()) {
          return torn(offset, "zero-filled tail");
        }
        corrupt(offset, "zero frame header followed by non-zero data");
        resyncImpossible = true;
        ended = true;
        return null;
      }
      if (length < 0 || length > maxRecordSize) {
        // Checked before any allocation: a corrupt length must not become a huge array.
        if (atEnd()) {
          return torn(offset, "impossible length " + length + " in the last frame header");
        }
        corrupt(offset, "length " + length + " outside [0, " + maxRecordSize + "]");
        resyncImpossible = true;
        ended = true;
        return null;
      }
      byte[] payload = new byte[length];
      int m = readUpTo(payload, length);
      position += m;
      if (m < length) {
        return torn(offset, "payload cut after " + m + " of " + length + " bytes");
      }
      int actual = SegmentFormat.maskedCrc(payload, length);
      if (actual != crc) {
        if (atEnd()) {
          return torn(offset, "CRC mismatch in the last frame");
        }
        corrupt(offset, String.format("CRC32C mismatch (stored 0x%08X, computed 0x%08X, length %d)",
            crc, actual, length));
        validLength = position;
        continue;
      }
      validLength = position;
      return ByteBuffer.wrap(payload);
    }
    return null;
  }

  private ByteBuffer torn(long offset, String what) {
    ended = true;
    tornTail = true;
    LOG.debug("Torn tail in {} at byte offset {}: {}", file, offset, what);
    return null;
  }

  private void corrupt(long offset, String reason) {
    if (!skipCorrupt) {
      throw new CorruptRecordException(reason, file, offset);
    }
    skipped.increment();
    LOG.warn("Skipping corrupt record in {} at byte offset {}: {}", file, offset, reason);
  }

  /** Whether the stream is at its end, consuming nothing otherwise significant. */
  private boolean atEnd() throws IOException {
    in.mark(1);
    int b = in.read();
    in.reset();
    return b < 0;
  }

  /** Consumes zero bytes; returns whether only zeros were left (the segment is then over). */
  private boolean skipZeros() throws IOException {
    int b;
    while ((b = in.read()) == 0) {
      position++;
    }
    return b < 0;
  }

  private int readUpTo(byte[] buffer, int length) throws IOException {
    int total = 0;
    while (total < length) {
      int n = in.read(buffer, total, length - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  /** The end of the last complete frame (valid or skipped); 0 if even the header is torn. */
  long validLength() {
    return validLength;
  }

  /** Whether the segment ended in a torn tail (only meaningful once {@link #next} returned null). */
  boolean tornTail() {
    return tornTail;
  }

  /** Whether the file is shorter than a header (a crash right after its creation). */
  boolean headerTorn() {
    return headerTorn;
  }

  /** Whether an impossible length made the reader give up on the rest of the segment. */
  boolean gaveUp() {
    return resyncImpossible;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}

package io.tidemark.wal.fs;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The byte layout of a segment file (see the module's README): an 8-byte header (magic {@code
 * TMWL}, format version) and then frames of {@code int length, int maskedCrc32c, payload}, all
 * big-endian.
 *
 * <p>The CRC32C of the payload is stored masked as in LevelDB/RocksDB logs ({@code rotate right
 * 15, plus 0xa282ead8}) so that a run of zero bytes (a zero-filled tail after a power loss, or a
 * preallocated region) never parses as a valid empty record.
 */
final class SegmentFormat {

  /** {@code "TMWL"} in ASCII: the first four bytes of every segment. */
  static final int MAGIC = 0x544D574C;

  /** The format version this code writes and the highest it reads. */
  static final int VERSION = 1;

  /** Bytes of the segment header: magic and version. */
  static final int HEADER_SIZE = 8;

  /** Bytes of a frame before its payload: length and masked CRC. */
  static final int FRAME_HEADER_SIZE = 8;

  private static final int MASK_DELTA = 0xa282ead8;

  private SegmentFormat() {}

  /** Returns the segment header's bytes. */
  static byte[] header() {
    return ByteBuffer.allocate(HEADER_SIZE).putInt(MAGIC).putInt(VERSION).array();
  }

  /** Returns the masked CRC32C of the buffer's remaining bytes, leaving its position as it was. */
  static int maskedCrc(ByteBuffer payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload.duplicate());
    return mask((int) crc.getValue());
  }

  /** Returns the masked CRC32C of {@code bytes[0, length)}. */
  static int maskedCrc(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return mask((int) crc.getValue());
  }

  private static int mask(int crc) {
    return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
  }
}

package io.tidemark.checkpoint;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The frame of every checkpoint file (all integers big-endian):
 *
 * <pre>
 * magic:int32  formatVersion:int32  payloadLength:int32  payload:byte[payloadLength]  crc32c:int32
 * </pre>
 *
 * The CRC32C covers the 12 header bytes and the payload. The frame is the same for every format
 * version of a file kind, so a reader recognises a future version (intact frame, unknown
 * version) apart from a damaged file (CRC mismatch).
 */
final class Envelope {
  static final int HEADER_BYTES = 12;
  static final int OVERHEAD_BYTES = HEADER_BYTES + 4;

  /** The magic numbers of the file kinds. */
  static final int METADATA_MAGIC = 0x544D4D43; // "TMMC"
  static final int MANIFEST_MAGIC = 0x544D444D; // "TMDM"
  static final int OWNER_MAGIC = 0x544D4F57; // "TMOW"

  private Envelope() {}

  /** A whole file: header, payload, CRC. */
  static byte[] wrap(int magic, int formatVersion, byte[] payload) {
    ByteBuffer buffer = ByteBuffer.allocate(OVERHEAD_BYTES + payload.length);
    buffer.putInt(magic).putInt(formatVersion).putInt(payload.length).put(payload);
    CRC32C crc = new CRC32C();
    crc.update(buffer.array(), 0, HEADER_BYTES + payload.length);
    buffer.putInt((int) crc.getValue());
    return buffer.array();
  }

  /** An unwrapped file: its format version and payload. */
  record Contents(int formatVersion, byte[] payload) {}

  /**
   * Checks the frame of {@code bytes} (the whole file) and returns the payload.
   *
   * @param maxVersion the newest format version the caller reads
   * @throws UnsupportedCheckpointFileException for a wrong magic or an intact future version
   * @throws CorruptCheckpointFileException for anything else wrong
   */
  static Contents unwrap(String file, byte[] bytes, int magic, int maxVersion, String what) {
    if (bytes.length == 0) {
      throw new CorruptCheckpointFileException(file, "empty file");
    }
    if (bytes.length < 4) {
      throw new CorruptCheckpointFileException(file, "truncated: " + bytes.length + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    int foundMagic = buffer.getInt();
    if (foundMagic != magic) {
      throw new UnsupportedCheckpointFileException(file, UnsupportedCheckpointFileException.Kind.FOREIGN,
          String.format("not a Tidemark %s file: magic 0x%08X at offset 0, expected 0x%08X",
              what, foundMagic, magic));
    }
    if (bytes.length < OVERHEAD_BYTES) {
      throw new CorruptCheckpointFileException(file, "truncated: " + bytes.length
          + " bytes, fewer than the " + OVERHEAD_BYTES + " of an empty frame");
    }
    int version = buffer.getInt();
    int length = buffer.getInt();
    if (length != bytes.length - OVERHEAD_BYTES) {
      throw new CorruptCheckpointFileException(file, "payload length " + length
          + " at offset 8 does not match the file size " + bytes.length
          + (length > bytes.length - OVERHEAD_BYTES ? " (truncated)" : ""));
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, HEADER_BYTES + length);
    int stored = ByteBuffer.wrap(bytes, HEADER_BYTES + length, 4).getInt();
    if (stored != (int) crc.getValue()) {
      throw new CorruptCheckpointFileException(file, String.format(
          "CRC32C mismatch at offset %d: stored 0x%08X, computed 0x%08X", HEADER_BYTES + length,
          stored, (int) crc.getValue()));
    }
    if (version < 1 || version > maxVersion) {
      throw new UnsupportedCheckpointFileException(file,
          UnsupportedCheckpointFileException.Kind.FUTURE_VERSION,
          what + " format version " + version + " at offset 4 is not supported; this Tidemark "
              + "reads versions 1 to " + maxVersion + " (written by a newer Tidemark?)");
    }
    byte[] payload = new byte[length];
    System.arraycopy(bytes, HEADER_BYTES, payload, 0, length);
    return new Contents(version, payload);
  }
}

package io.tidemark.state.internals;

import io.tidemark.state.KeyGroupRange;
import io.tidemark.state.StateStoreException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.NavigableMap;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The heap store's snapshot file, {@code heap-state.tmhs} (format 1, big-endian):
 *
 * <pre>
 * magic:int32 = 0x544D4853 ("TMHS")   formatVersion:int32 = 1
 * version:int64   numKeys:int64   keyGroupStart:int32   keyGroupEnd:int32   entries:int64
 * entries × (keyLength:int32  storedKey:byte[keyLength]  valueLength:int32  value:byte[valueLength])
 * crc32c:int32    CRC32C of every byte before it
 * </pre>
 *
 * Stored keys carry their 2-byte key-group prefix ({@link StateKeys}). Every length is checked
 * against the bytes left in the file before anything is allocated.
 */
final class HeapSnapshotFormat {
  static final String FILE_NAME = "heap-state.tmhs";
  static final int MAGIC = 0x544D4853;
  static final int FORMAT_VERSION = 1;
  private static final int HEADER_BYTES = 4 + 4 + 8 + 8 + 4 + 4 + 8;

  /** The contents of a snapshot file. */
  record Contents(long version, long numKeys, KeyGroupRange keyGroups,
      NavigableMap<byte[], byte[]> entries) {}

  private HeapSnapshotFormat() {}

  /** Writes and {@code fsync}s the snapshot file; returns its size. */
  static long write(Path file, long version, long numKeys, KeyGroupRange keyGroups,
      NavigableMap<byte[], byte[]> entries) throws IOException {
    CRC32C crc = new CRC32C();
    try (OutputStream raw = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        DataOutputStream out = new DataOutputStream(new CheckedOutputStream(
            new BufferedOutputStream(raw, 1 << 16), crc))) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeLong(version);
      out.writeLong(numKeys);
      out.writeInt(keyGroups.startKeyGroup());
      out.writeInt(keyGroups.endKeyGroup());
      out.writeLong(entries.size());
      for (Map.Entry<byte[], byte[]> entry : entries.entrySet()) {
        out.writeInt(entry.getKey().length);
        out.write(entry.getKey());
        out.writeInt(entry.getValue().length);
        out.write(entry.getValue());
      }
      out.flush();
      // The CRC itself is not part of the checksummed bytes: write it past the checked stream.
      int value = (int) crc.getValue();
      raw.flush();
      new DataOutputStream(raw).writeInt(value);
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    return Files.size(file);
  }

  /**
   * Reads and verifies a snapshot file.
   *
   * @throws StateStoreException naming the file and the offset on any mismatch
   */
  static Contents read(Path file, NavigableMap<byte[], byte[]> into) throws IOException {
    long size = Files.size(file);
    if (size < HEADER_BYTES + 4) {
      throw corrupt(file, 0, "file has " + size + " bytes, fewer than a header and a CRC");
    }
    CRC32C crc = new CRC32C();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      CheckedInputStream checked = new CheckedInputStream(raw, crc);
      DataInputStream in = new DataInputStream(checked);
      int magic = in.readInt();
      if (magic != MAGIC) {
        throw corrupt(file, 0, String.format("bad magic 0x%08X, expected 0x%08X (not a heap "
            + "state snapshot)", magic, MAGIC));
      }
      int formatVersion = in.readInt();
      if (formatVersion != FORMAT_VERSION) {
        throw corrupt(file, 4, "unsupported format version " + formatVersion
            + "; this version reads format " + FORMAT_VERSION);
      }
      long version = in.readLong();
      long numKeys = in.readLong();
      int start = in.readInt();
      int end = in.readInt();
      long count = in.readLong();
      long offset = HEADER_BYTES;
      long payloadEnd = size - 4;
      if (count < 0 || count > (payloadEnd - offset) / 8 || start < 0 || end < start - 1) {
        throw corrupt(file, 8, "impossible header: " + count + " entries, key groups ["
            + start + ", " + end + "]");
      }
      for (long i = 0; i < count; i++) {
        byte[] key = readBytes(in, file, offset, payloadEnd);
        offset += 4 + key.length;
        byte[] value = readBytes(in, file, offset, payloadEnd);
        offset += 4 + value.length;
        into.put(key, value);
      }
      if (offset != payloadEnd) {
        throw corrupt(file, offset, (payloadEnd - offset) + " unexpected bytes after the entries");
      }
      int expected = (int) crc.getValue();
      int stored = new DataInputStream(raw).readInt();
      if (stored != expected) {
        throw corrupt(file, payloadEnd, String.format("CRC32C mismatch: stored 0x%08X, "
            + "computed 0x%08X", stored, expected));
      }
      return new Contents(version, numKeys, new KeyGroupRange(start, end), into);
    } catch (EOFException e) {
      throw corrupt(file, -1, "truncated");
    }
  }

  private static byte[] readBytes(DataInputStream in, Path file, long offset, long payloadEnd)
      throws IOException {
    int length = in.readInt();
    if (length < 0 || length > payloadEnd - offset - 4) {
      throw corrupt(file, offset, "length " + length + " exceeds the " + (payloadEnd - offset - 4)
          + " bytes left");
    }
    return in.readNBytes(length);
  }

  private static StateStoreException corrupt(Path file, long offset, String reason) {
    return new StateStoreException("heap state snapshot " + file
        + (offset >= 0 ? " at offset " + offset : "") + ": " + reason);
  }
}

package io.tidemark.streaming.receiver;

import io.tidemark.streaming.receiver.TrackerEvent.BatchAllocated;
import io.tidemark.streaming.receiver.TrackerEvent.BatchesCleanedUp;
import io.tidemark.streaming.receiver.TrackerEvent.BlockAdded;
import io.tidemark.streaming.receiver.TrackerEvent.BlockRef;
import io.tidemark.wal.RecordHandle;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a {@link TrackerEvent} inside one WAL record (the WAL adds length and
 * CRC32C). Layout, big-endian: {@code u8 formatVersion (1) | u8 tag | fields}:
 *
 * <ul>
 *   <li>tag 1 BlockAdded: {@code i32 streamId | i64 blockId | i32 numRecords | u8 hasHandle |
 *       [u16 pathLength | UTF-8 path | i64 offset | i32 length]}
 *   <li>tag 2 BatchAllocated: {@code i64 batchTimeMs | i32 count | count × (i32 streamId | i64
 *       blockId)}
 *   <li>tag 3 BatchesCleanedUp: {@code i64 thresholdTimeMs}
 * </ul>
 *
 * Every count and length is checked against the bytes left before anything is allocated.
 * Thread-safe (stateless).
 */
public final class TrackerEventCodec {
  private static final byte VERSION = 1;
  private static final byte BLOCK_ADDED = 1;
  private static final byte BATCH_ALLOCATED = 2;
  private static final byte CLEANED_UP = 3;

  private TrackerEventCodec() {}

  /** Encodes {@code event}. */
  public static ByteBuffer encode(TrackerEvent event) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      if (event instanceof BlockAdded added) {
        ReceivedBlockInfo b = added.block();
        out.writeByte(BLOCK_ADDED);
        out.writeInt(b.streamId());
        out.writeLong(b.blockId());
        out.writeInt(b.numRecords());
        RecordHandle h = b.walHandle();
        out.writeBoolean(h != null);
        if (h != null) {
          byte[] path = h.segmentPath().getBytes(StandardCharsets.UTF_8);
          out.writeShort(path.length);
          out.write(path);
          out.writeLong(h.offset());
          out.writeInt(h.length());
        }
      } else if (event instanceof BatchAllocated alloc) {
        out.writeByte(BATCH_ALLOCATED);
        out.writeLong(alloc.batchTimeMs());
        out.writeInt(alloc.blocks().size());
        for (BlockRef r : alloc.blocks()) {
          out.writeInt(r.streamId());
          out.writeLong(r.blockId());
        }
      } else if (event instanceof BatchesCleanedUp clean) {
        out.writeByte(CLEANED_UP);
        out.writeLong(clean.thresholdTimeMs());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen in memory
    }
    return ByteBuffer.wrap(bytes.toByteArray());
  }

  /**
   * Decodes one event.
   *
   * @param where names the record for error messages (file and offset)
   * @throws IllegalArgumentException naming {@code where} if the bytes are not a valid event
   */
  public static TrackerEvent decode(ByteBuffer buffer, String where) {
    ByteBuffer in = buffer.duplicate();
    try {
      byte version = in.get();
      if (version != VERSION) {
        throw new IllegalArgumentException("tracker event at " + where + " has format version " + version
            + "; this Tidemark reads version " + VERSION);
      }
      byte tag = in.get();
      switch (tag) {
        case BLOCK_ADDED: {
          int streamId = in.getInt();
          long blockId = in.getLong();
          int numRecords = in.getInt();
          RecordHandle handle = null;
          if (in.get() != 0) {
            int pathLength = Short.toUnsignedInt(in.getShort());
            if (pathLength > in.remaining()) {
              throw new IllegalArgumentException("tracker event at " + where + ": path length " + pathLength
                  + " exceeds the " + in.remaining() + " bytes left");
            }
            byte[] path = new byte[pathLength];
            in.get(path);
            handle = new RecordHandle(new String(path, StandardCharsets.UTF_8), in.getLong(), in.getInt());
          }
          return new BlockAdded(new ReceivedBlockInfo(streamId, blockId, numRecords, handle));
        }
        case BATCH_ALLOCATED: {
          long time = in.getLong();
          int count = in.getInt();
          if (count < 0 || (long) count * 12 > in.remaining()) {
            throw new IllegalArgumentException("tracker event at " + where + ": block count " + count
                + " does not fit in the " + in.remaining() + " bytes left");
          }
          List<BlockRef> refs = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            refs.add(new BlockRef(in.getInt(), in.getLong()));
          }
          return new BatchAllocated(time, refs);
        }
        case CLEANED_UP:
          return new BatchesCleanedUp(in.getLong());
        default:
          throw new IllegalArgumentException("tracker event at " + where + " has unknown tag " + tag);
      }
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("tracker event at " + where + " is truncated", e);
    }
  }
}

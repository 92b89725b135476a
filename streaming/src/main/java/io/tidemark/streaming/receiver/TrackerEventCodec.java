package io.tidemark.streaming.receiver;

import io.tidemark.streaming.receiver.TrackerEvent.AllocationsRevoked;
import io.tidemark.streaming.receiver.TrackerEvent.BatchAllocated;
import io.tidemark.streaming.receiver.TrackerEvent.BatchesCleanedUp;
import io.tidemark.streaming.receiver.TrackerEvent.BlockAdded;
import io.tidemark.streaming.receiver.TrackerEvent.BlockRef;
import io.tidemark.streaming.receiver.TrackerEvent.StreamProgress;
import io.tidemark.streaming.receiver.TrackerEvent.StreamsProgressed;
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
 * CRC32C). Layout, big-endian: {@code u8 formatVersion | u8 tag | fields}, where a position is
 * {@code u16 length | bytes} (at most {@link StoredSourcePosition#MAX_BYTES}):
 *
 * <ul>
 *   <li>tag 1 BlockAdded: {@code i32 streamId | i64 blockId | i32 numRecords | u8 hasHandle |
 *       [u16 pathLength | UTF-8 path | i64 offset | i32 length] | u8 hasPosition | [position]}
 *   <li>tag 2 BatchAllocated: {@code i64 batchTimeMs | i32 count | count × (i32 streamId | i64
 *       blockId)}
 *   <li>tag 3 BatchesCleanedUp: {@code i64 thresholdTimeMs}
 *   <li>tag 4 StreamsProgressed: {@code i32 count | count × (i32 streamId | i64 nextBlockId | u8
 *       hasPosition | [i64 positionBlockId | position])}
 *   <li>tag 5 AllocationsRevoked: no fields
 * </ul>
 *
 * <p><b>Versions.</b> Events are written in format version 2. Version 1 (before source
 * positions: BlockAdded ends after the handle, no tag 4) is still read, so a tracker log written
 * by an earlier build of this branch replays; an event of any other version, an unknown tag, or
 * bytes left over after an event's fields are errors, never skipped: the tracker log decides
 * which batch holds which block, and guessing would break exactly-once.
 *
 * <p>Every count and length is checked against the bytes left (and positions against their
 * maximum) before anything is allocated. Thread-safe (stateless).
 */
public final class TrackerEventCodec {
  /** The format version {@link #encode} writes. */
  static final byte VERSION = 2;
  private static final byte VERSION_WITHOUT_POSITIONS = 1;
  private static final byte BLOCK_ADDED = 1;
  private static final byte BATCH_ALLOCATED = 2;
  private static final byte CLEANED_UP = 3;
  private static final byte STREAMS_PROGRESSED = 4;
  private static final byte ALLOCATIONS_REVOKED = 5;
  /** Smallest StreamsProgressed entry: stream id, next block id, hasPosition. */
  private static final int MIN_PROGRESS_BYTES = 4 + 8 + 1;

  private TrackerEventCodec() {}

  /** Encodes {@code event} in format version {@value #VERSION}. */
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
          if (path.length > 0xFFFF) {
            throw new IllegalArgumentException("WAL segment path longer than 65535 bytes: " + h.segmentPath());
          }
          out.writeShort(path.length);
          out.write(path);
          out.writeLong(h.offset());
          out.writeInt(h.length());
        }
        byte[] position = b.sourcePosition();
        out.writeBoolean(position != null);
        if (position != null) {
          writePosition(out, position);
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
      } else if (event instanceof AllocationsRevoked) {
        out.writeByte(ALLOCATIONS_REVOKED);
      } else if (event instanceof StreamsProgressed progressed) {
        out.writeByte(STREAMS_PROGRESSED);
        out.writeInt(progressed.streams().size());
        for (StreamProgress p : progressed.streams()) {
          out.writeInt(p.streamId());
          out.writeLong(p.nextBlockId());
          StoredSourcePosition newest = p.newestPosition();
          out.writeBoolean(newest != null);
          if (newest != null) {
            out.writeLong(newest.blockId());
            writePosition(out, newest.position());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen in memory
    }
    return ByteBuffer.wrap(bytes.toByteArray());
  }

  private static void writePosition(DataOutputStream out, byte[] position) throws IOException {
    StoredSourcePosition.checkLength(position);
    out.writeShort(position.length);
    out.write(position);
  }

  /**
   * Decodes one event (format version 1 or 2).
   *
   * @param where names the record for error messages (log and event number)
   * @throws IllegalArgumentException naming {@code where} if the bytes are not a valid event:
   *     truncated, an unknown version or tag, a count or length that does not fit, or bytes left
   *     over after the event
   */
  public static TrackerEvent decode(ByteBuffer buffer, String where) {
    ByteBuffer in = buffer.duplicate();
    try {
      byte version = in.get();
      if (version != VERSION && version != VERSION_WITHOUT_POSITIONS) {
        throw corrupt(where, "has format version " + version + "; this Tidemark reads versions "
            + VERSION_WITHOUT_POSITIONS + " and " + VERSION);
      }
      TrackerEvent event = decodeFields(in, version, where);
      if (in.hasRemaining()) {
        throw corrupt(where, "has " + in.remaining() + " bytes after its fields");
      }
      return event;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("tracker event at " + where + " is truncated", e);
    }
  }

  private static TrackerEvent decodeFields(ByteBuffer in, byte version, String where) {
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
            throw corrupt(where, "path length " + pathLength + " exceeds the " + in.remaining() + " bytes left");
          }
          byte[] path = new byte[pathLength];
          in.get(path);
          handle = new RecordHandle(new String(path, StandardCharsets.UTF_8), in.getLong(), in.getInt());
        }
        byte[] position = version >= VERSION && in.get() != 0 ? readPosition(in, where) : null;
        return new BlockAdded(new ReceivedBlockInfo(streamId, blockId, numRecords, handle, position));
      }
      case BATCH_ALLOCATED: {
        long time = in.getLong();
        int count = in.getInt();
        if (count < 0 || (long) count * 12 > in.remaining()) {
          throw corrupt(where, "block count " + count + " does not fit in the " + in.remaining() + " bytes left");
        }
        List<BlockRef> refs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          refs.add(new BlockRef(in.getInt(), in.getLong()));
        }
        return new BatchAllocated(time, refs);
      }
      case CLEANED_UP:
        return new BatchesCleanedUp(in.getLong());
      case STREAMS_PROGRESSED: {
        if (version < VERSION) {
          throw corrupt(where, "has tag " + tag + ", unknown in format version " + version);
        }
        int count = in.getInt();
        if (count < 0 || (long) count * MIN_PROGRESS_BYTES > in.remaining()) {
          throw corrupt(where, "stream count " + count + " does not fit in the " + in.remaining() + " bytes left");
        }
        List<StreamProgress> streams = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          int streamId = in.getInt();
          long nextBlockId = in.getLong();
          StoredSourcePosition newest = null;
          if (in.get() != 0) {
            long positionBlockId = in.getLong();
            if (positionBlockId < 0) {
              throw corrupt(where, "stream " + streamId + " has position block id " + positionBlockId);
            }
            newest = new StoredSourcePosition(positionBlockId, readPosition(in, where));
          }
          streams.add(new StreamProgress(streamId, nextBlockId, newest));
        }
        return new StreamsProgressed(streams);
      }
      case ALLOCATIONS_REVOKED:
        if (version < VERSION) {
          throw corrupt(where, "has tag " + tag + ", unknown in format version " + version);
        }
        return new AllocationsRevoked();
      default:
        throw corrupt(where, "has unknown tag " + tag);
    }
  }

  private static byte[] readPosition(ByteBuffer in, String where) {
    int length = Short.toUnsignedInt(in.getShort());
    if (length > StoredSourcePosition.MAX_BYTES || length > in.remaining()) {
      throw corrupt(where, "source position length " + length + " exceeds the maximum "
          + StoredSourcePosition.MAX_BYTES + " or the " + in.remaining() + " bytes left");
    }
    byte[] position = new byte[length];
    in.get(position);
    return position;
  }

  private static IllegalArgumentException corrupt(String where, String what) {
    return new IllegalArgumentException("tracker event at " + where + " " + what);
  }
}

package io.tidemark.streaming.receiver;

import io.tidemark.wal.RecordHandle;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What the {@link ReceivedBlockTracker} knows of one block, and logs: its stream, its id, how
 * many records it holds, where the block is in the receiver write-ahead log (when on) and the
 * source position the receiver stored with it (when it gave one).
 *
 * <p>Immutable: the position bytes are copied in and out. {@code equals} compares them by value.
 *
 * @param streamId the receiver input stream (node id of its input DStream)
 * @param blockId sequence number of the block within its stream, unique across restarts
 * @param numRecords records in the block
 * @param walHandle the block's record in the receiver WAL, or null without the WAL
 * @param sourcePosition the receiver's source position after this block's last record
 *     ({@link Receiver#store(java.util.List, byte[])}), at most
 *     {@link StoredSourcePosition#MAX_BYTES} bytes, or null if the block carries none
 */
public record ReceivedBlockInfo(int streamId, long blockId, int numRecords, RecordHandle walHandle,
    byte[] sourcePosition) {

  /**
   * @throws IllegalArgumentException if the position is longer than
   *     {@link StoredSourcePosition#MAX_BYTES}
   */
  public ReceivedBlockInfo {
    if (sourcePosition != null) {
      StoredSourcePosition.checkLength(sourcePosition);
      sourcePosition = sourcePosition.clone();
    }
  }

  /** A block without a source position. */
  public ReceivedBlockInfo(int streamId, long blockId, int numRecords, RecordHandle walHandle) {
    this(streamId, blockId, numRecords, walHandle, null);
  }

  /** A copy of the position bytes, or null. */
  @Override
  public byte[] sourcePosition() {
    return sourcePosition == null ? null : sourcePosition.clone();
  }

  /** This block with {@code position} (may be null) as its source position. */
  public ReceivedBlockInfo withSourcePosition(byte[] position) {
    return new ReceivedBlockInfo(streamId, blockId, numRecords, walHandle, position);
  }

  /** The block's position with its block id, or null if it carries none. */
  StoredSourcePosition storedSourcePosition() {
    return sourcePosition == null ? null : new StoredSourcePosition(blockId, sourcePosition);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReceivedBlockInfo b && b.streamId == streamId && b.blockId == blockId
        && b.numRecords == numRecords && Objects.equals(b.walHandle, walHandle)
        && Arrays.equals(b.sourcePosition, sourcePosition);
  }

  @Override
  public int hashCode() {
    return Objects.hash(streamId, blockId, numRecords, walHandle) * 31 + Arrays.hashCode(sourcePosition);
  }

  @Override
  public String toString() {
    return "ReceivedBlockInfo[stream " + streamId + ", block " + blockId + ", " + numRecords + " records"
        + (walHandle == null ? "" : ", " + walHandle)
        + (sourcePosition == null ? "" : ", position 0x" + HexFormat.of().formatHex(sourcePosition)) + "]";
  }
}

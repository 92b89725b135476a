package io.tidemark.wal;

import java.util.Objects;

/**
 * The location of one record in a write-ahead log, returned by {@link WriteAheadLog#write} and
 * accepted by {@link WriteAheadLog#read}: Spark's {@code FileBasedWriteAheadLogSegment}.
 *
 * <p>A handle is a plain value: it stays valid until the segment holding the record is deleted by
 * {@link WriteAheadLog#clean}, and it may be stored (for example in a {@code ReceivedBlockTracker}
 * event) and used by another process that opens the same log directory.
 *
 * @param segmentPath the fully qualified path (URI string) of the segment file holding the
 *     record, never {@code null} or empty
 * @param offset the byte offset in the segment where the record's frame (its length field)
 *     starts; at least the segment header's size
 * @param length the record's payload length in bytes (excluding the frame's header), {@code >= 0}
 */
public record RecordHandle(String segmentPath, long offset, int length) {

  /**
   * Checks the components.
   *
   * @param segmentPath see the record component
   * @param offset see the record component
   * @param length see the record component
   * @throws NullPointerException if {@code segmentPath} is {@code null}
   * @throws IllegalArgumentException if {@code segmentPath} is empty or {@code offset} or
   *     {@code length} is negative
   */
  public RecordHandle {
    Objects.requireNonNull(segmentPath, "segmentPath");
    if (segmentPath.isEmpty()) {
      throw new IllegalArgumentException("segmentPath is empty");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset < 0: " + offset);
    }
    if (length < 0) {
      throw new IllegalArgumentException("length < 0: " + length);
    }
  }
}

package io.tidemark.streaming.receiver;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A receiver's source position as the {@link ReceivedBlockTracker} keeps it: the opaque bytes a
 * receiver stored with a block ({@link Receiver#store(java.util.List, byte[])}) and the id of
 * that block, so that "the newest" position of a stream is the one of its highest block id,
 * whatever order events are replayed in.
 *
 * <p>Immutable: the bytes are copied in and out. Thread-safe. {@code equals} compares the bytes.
 *
 * @param blockId the id of the block the position was stored with ({@code >= 0})
 * @param position the receiver's bytes, at most {@link #MAX_BYTES}
 */
public record StoredSourcePosition(long blockId, byte[] position) {

  /** The longest position a receiver may store, in bytes (it is logged with every block). */
  public static final int MAX_BYTES = 4096;

  /**
   * Copies {@code position}.
   *
   * @throws NullPointerException if {@code position} is null
   * @throws IllegalArgumentException if {@code blockId < 0} or the position is longer than
   *     {@link #MAX_BYTES}
   */
  public StoredSourcePosition {
    checkLength(position);
    if (blockId < 0) {
      throw new IllegalArgumentException("block id < 0: " + blockId);
    }
    position = position.clone();
  }

  /**
   * Checks a position's length.
   *
   * @throws NullPointerException if {@code position} is null
   * @throws IllegalArgumentException if it is longer than {@link #MAX_BYTES}
   */
  static void checkLength(byte[] position) {
    if (position.length > MAX_BYTES) {
      throw new IllegalArgumentException("a source position has at most " + MAX_BYTES + " bytes, got "
          + position.length);
    }
  }

  /** A copy of the bytes. */
  @Override
  public byte[] position() {
    return position.clone();
  }

  /** The newer of this and {@code other} (the one with the higher block id); {@code other} may be null. */
  StoredSourcePosition newer(StoredSourcePosition other) {
    return other == null || blockId >= other.blockId ? this : other;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredSourcePosition p && p.blockId == blockId && Arrays.equals(p.position, position);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(blockId) * 31 + Arrays.hashCode(position);
  }

  @Override
  public String toString() {
    return "StoredSourcePosition[block " + blockId + ", 0x" + HexFormat.of().formatHex(position) + "]";
  }
}

package io.tidemark.checkpoint;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable byte string whose meaning belongs to its writer (an input's position: offset
 * ranges, remembered files, tracker positions). Compared by content.
 *
 * <p>Immutable and thread-safe: the array given is copied, and {@link #toByteArray()} returns a
 * copy.
 */
public final class OpaqueBytes {
  private final byte[] bytes;

  private OpaqueBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * A copy of {@code bytes}.
   *
   * @throws NullPointerException if {@code bytes} is {@code null}
   */
  public static OpaqueBytes of(byte[] bytes) {
    return new OpaqueBytes(Objects.requireNonNull(bytes, "bytes").clone());
  }

  /** A fresh copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** The number of bytes. */
  public int length() {
    return bytes.length;
  }

  byte[] internalArray() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OpaqueBytes other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Hex of at most the first 32 bytes, and the length. */
  @Override
  public String toString() {
    String hex = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 32));
    return bytes.length + " bytes [" + hex + (bytes.length > 32 ? "…" : "") + "]";
  }
}

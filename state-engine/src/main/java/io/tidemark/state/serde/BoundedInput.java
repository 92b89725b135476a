package io.tidemark.state.serde;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * A Kryo {@link Input} over a byte array that refuses any length larger than the bytes left
 * before allocating for it. Kryo allocates an array or string of the length it reads and only
 * then reads the elements, so four corrupt bytes could otherwise ask for a 2 GiB array: every
 * element takes at least one byte, so a length above the bytes left is always corrupt.
 */
final class BoundedInput extends Input {

  BoundedInput() {
    super(new byte[0]);
  }

  int remaining() {
    return limit - position;
  }

  /** Fails unless {@code count} elements of at least {@code minBytes} bytes each fit. */
  static void checkLength(Input input, long count, int minBytes) {
    long left = input.limit() - input.position();
    if (count < 0 || count * minBytes > left) {
      throw new KryoException("length " + count + " at offset " + input.position()
          + " exceeds the " + left + " bytes left");
    }
  }

  @Override
  public byte[] readBytes(int length) {
    checkLength(this, length, 1);
    return super.readBytes(length);
  }

  @Override
  public int[] readInts(int length) {
    checkLength(this, length, Integer.BYTES);
    return super.readInts(length);
  }

  @Override
  public int[] readInts(int length, boolean optimizePositive) {
    checkLength(this, length, 1);
    return super.readInts(length, optimizePositive);
  }

  @Override
  public long[] readLongs(int length) {
    checkLength(this, length, Long.BYTES);
    return super.readLongs(length);
  }

  @Override
  public long[] readLongs(int length, boolean optimizePositive) {
    checkLength(this, length, 1);
    return super.readLongs(length, optimizePositive);
  }

  @Override
  public float[] readFloats(int length) {
    checkLength(this, length, Float.BYTES);
    return super.readFloats(length);
  }

  @Override
  public double[] readDoubles(int length) {
    checkLength(this, length, Double.BYTES);
    return super.readDoubles(length);
  }

  @Override
  public short[] readShorts(int length) {
    checkLength(this, length, Short.BYTES);
    return super.readShorts(length);
  }

  @Override
  public char[] readChars(int length) {
    checkLength(this, length, Character.BYTES);
    return super.readChars(length);
  }

  @Override
  public boolean[] readBooleans(int length) {
    checkLength(this, length, 1);
    return super.readBooleans(length);
  }

  @Override
  public String readString() {
    checkUtf8Length();
    return super.readString();
  }

  @Override
  public StringBuilder readStringBuilder() {
    checkUtf8Length();
    return super.readStringBuilder();
  }

  /**
   * Kryo writes a non-ASCII string as a char count + 1 in the "varint with flag" format (flag
   * bit set) and then allocates a {@code char[count]}; each char takes at least one byte.
   */
  private void checkUtf8Length() {
    if (position < limit && (buffer[position] & 0x80) != 0) {
      int start = position;
      int countPlusOne = readVarIntFlag(true);
      position = start;
      if (countPlusOne > 1) {
        checkLength(this, countPlusOne - 1L, 1);
      }
    }
  }
}

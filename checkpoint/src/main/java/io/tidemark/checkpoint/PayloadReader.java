package io.tidemark.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link PayloadWriter} wrote, checking every length and count against the bytes
 * left before allocating, and throwing {@link CorruptCheckpointFileException} naming the file
 * and payload offset otherwise.
 */
final class PayloadReader {
  private final String file;
  private final ByteBuffer buffer;

  PayloadReader(String file, byte[] payload) {
    this.file = file;
    this.buffer = ByteBuffer.wrap(payload);
  }

  private CorruptCheckpointFileException corrupt(String reason) {
    return new CorruptCheckpointFileException(file, reason + " at payload offset "
        + buffer.position());
  }

  private void need(long bytes, String what) {
    if (bytes < 0 || bytes > buffer.remaining()) {
      throw corrupt(what + " needs " + bytes + " bytes but " + buffer.remaining() + " are left");
    }
  }

  int readInt() {
    need(4, "int");
    return buffer.getInt();
  }

  long readLong() {
    need(8, "long");
    return buffer.getLong();
  }

  boolean readBoolean() {
    int value = readInt();
    if (value != 0 && value != 1) {
      throw corrupt("boolean " + value);
    }
    return value == 1;
  }

  /** A count of elements each taking at least {@code minBytesPerElement} bytes. */
  int readCount(int minBytesPerElement, String what) {
    int count = readInt();
    if (count < 0 || (long) count * minBytesPerElement > buffer.remaining()) {
      throw corrupt("impossible count " + count + " of " + what);
    }
    return count;
  }

  byte[] readBytes() {
    int length = readInt();
    need(length, "byte array of length " + length);
    byte[] value = new byte[length];
    buffer.get(value);
    return value;
  }

  String readString() {
    byte[] bytes = readBytes();
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw corrupt("malformed UTF-8 string");
    }
  }

  /** Fails unless every byte was read. */
  void expectEnd() {
    if (buffer.hasRemaining()) {
      throw corrupt(buffer.remaining() + " unexpected trailing bytes");
    }
  }
}

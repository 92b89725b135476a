package io.tidemark.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Big-endian payload encoding: strings and byte arrays as int32 length + bytes (UTF-8). */
final class PayloadWriter {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
  private final DataOutputStream out = new DataOutputStream(bytes);

  PayloadWriter writeInt(int value) {
    try {
      out.writeInt(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  PayloadWriter writeLong(long value) {
    try {
      out.writeLong(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  PayloadWriter writeBoolean(boolean value) {
    return writeInt(value ? 1 : 0);
  }

  PayloadWriter writeBytes(byte[] value) {
    writeInt(value.length);
    try {
      out.write(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  PayloadWriter writeString(String value) {
    return writeBytes(value.getBytes(StandardCharsets.UTF_8));
  }

  byte[] toByteArray() {
    return bytes.toByteArray();
  }
}

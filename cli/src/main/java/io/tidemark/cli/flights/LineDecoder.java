package io.tidemark.cli.flights;

import java.nio.charset.StandardCharsets;

/**
 * Decodes lines of UTF-8 bytes into one reusable {@code char} buffer, for the parsers, which read
 * characters. A line of ASCII, the common case, is widened byte by byte without allocating; any
 * other line is decoded by the JDK (malformed bytes become U+FFFD, as an {@code InputStreamReader}
 * does). Not thread-safe: one per thread.
 */
final class LineDecoder {
  private char[] chars = new char[256];

  /** The buffer holding the last decoded line, valid until the next call of {@link #decode}. */
  char[] chars() {
    return chars;
  }

  /**
   * Decodes {@code bytes[start, end)} into {@link #chars()} from index 0.
   *
   * @return the number of chars decoded
   */
  int decode(byte[] bytes, int start, int end) {
    int length = end - start;
    if (chars.length < length) {
      chars = new char[Math.max(length, chars.length * 2)];
    }
    char[] out = chars;
    for (int i = 0; i < length; i++) {
      byte b = bytes[start + i];
      if (b < 0) {
        return decodeUtf8(bytes, start, end);
      }
      out[i] = (char) b;
    }
    return length;
  }

  private int decodeUtf8(byte[] bytes, int start, int end) {
    String text = new String(bytes, start, end - start, StandardCharsets.UTF_8);
    if (chars.length < text.length()) { // never longer than the bytes, but say so
      chars = new char[text.length()];
    }
    text.getChars(0, text.length(), chars, 0);
    return text.length();
  }
}

package io.tidemark.cli.flights;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads lines of bytes (UTF-8 text, undecoded) into a reusable buffer without allocating per
 * line. A line ends at the byte {@code \n}; a {@code \r} before it is dropped. A line longer than
 * {@link #maxLine} bytes is returned cut to that length with {@link #overlong()} set, and the
 * rest of it is skipped. Not thread-safe.
 */
final class LineReader implements Closeable {

  private final InputStream in;
  private final int maxLine;
  private byte[] buf;
  private int pos; // start of unread data
  private int limit; // end of valid data
  private boolean eof;

  private int lineStart;
  private int lineEnd;
  private boolean overlong;

  /**
   * @param initialBuffer bytes of the first buffer (it grows up to {@code maxLine + 1})
   * @param maxLine longest line returned whole, in bytes
   */
  LineReader(InputStream in, int initialBuffer, int maxLine) {
    this.in = in;
    this.maxLine = maxLine;
    this.buf = new byte[Math.min(initialBuffer, maxLine + 1)];
  }

  /** The buffer holding the current line, valid until the next call of {@link #next()}. */
  byte[] buffer() {
    return buf;
  }

  int start() {
    return lineStart;
  }

  int end() {
    return lineEnd;
  }

  /** True if the current line was longer than the limit and has been cut. */
  boolean overlong() {
    return overlong;
  }

  /** The current line decoded as UTF-8 (malformed bytes replaced), its bytes cut to {@code max}. */
  String lineText(int max) {
    return new String(buf, lineStart, Math.min(lineEnd - lineStart, max), StandardCharsets.UTF_8);
  }

  /** Advances to the next line; false at the end of input. */
  boolean next() throws IOException {
    overlong = false;
    int scan = pos;
    while (true) {
      for (int i = scan; i < limit; i++) {
        if (buf[i] == '\n') {
          setLine(pos, i);
          pos = i + 1;
          return true;
        }
      }
      scan = limit;
      if (eof) {
        if (pos < limit) {
          setLine(pos, limit);
          pos = limit;
          return true;
        }
        return false;
      }
      if (limit - pos > maxLine) {
        // overlong line: return its first maxLine bytes, then drop the rest up to '\n'
        lineStart = pos;
        lineEnd = pos + maxLine;
        overlong = true;
        skipRestOfLine(pos + maxLine);
        return true;
      }
      scan -= pos;
      fill();
    }
  }

  private void setLine(int start, int newline) {
    int end = newline;
    if (end > start && buf[end - 1] == '\r') {
      end--;
    }
    lineStart = start;
    lineEnd = end;
  }

  /** Compacts and reads more data; grows the buffer up to maxLine + 1. */
  private void fill() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (limit == buf.length) {
      byte[] bigger = new byte[(int) Math.min((long) buf.length * 2, maxLine + 1L)];
      System.arraycopy(buf, 0, bigger, 0, limit);
      buf = bigger;
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
    } else {
      limit += n;
    }
  }

  /**
   * Skips the input after the kept prefix up to the end of the line. The kept prefix stays at
   * [lineStart, lineEnd) while we read on, so we read into a scratch buffer.
   */
  private void skipRestOfLine(int from) throws IOException {
    for (int i = from; i < limit; i++) {
      if (buf[i] == '\n') {
        pos = i + 1;
        return;
      }
    }
    // keep the prefix; read on into scratch until the newline, then put the tail after it
    byte[] scratch = new byte[8192];
    while (true) {
      int n = in.read(scratch, 0, scratch.length);
      if (n < 0) {
        eof = true;
        pos = limit = lineEnd;
        return;
      }
      for (int i = 0; i < n; i++) {
        if (scratch[i] == '\n') {
          int tail = n - i - 1;
          byte[] target = buf;
          if (lineEnd + tail > buf.length) {
            target = new byte[lineEnd + tail];
            System.arraycopy(buf, 0, target, 0, lineEnd);
            buf = target;
          }
          System.arraycopy(scratch, i + 1, target, lineEnd, tail);
          pos = lineEnd;
          limit = lineEnd + tail;
          return;
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}

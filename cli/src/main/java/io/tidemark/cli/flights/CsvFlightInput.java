package io.tidemark.cli.flights;

import java.io.IOException;
import java.util.Locale;

/**
 * CSV lines {@code date,delay,distance,origin,destination} (UTF-8), with an optional header
 * line of exactly those names as the first non-blank line. {@code date} is
 * {@code yyyy/MM/dd HH:mm} (read as UTC) or epoch milliseconds. Fields are trimmed and one pair
 * of surrounding double quotes is removed; quoted commas are not supported. Blank lines and the
 * header are not records. Seeking reads the lines from the start without parsing them.
 * Thread-safe to open.
 */
final class CsvFlightInput extends LineFlightInput {

  /** The longest line parsed, in bytes; a longer one is a {@link MalformedRecord}. */
  static final int MAX_LINE_BYTES = 1 << 20;

  CsvFlightInput(String description, StreamOpener opener) {
    super(description, opener, MAX_LINE_BYTES);
  }

  @Override
  protected LineCursor newCursor(LineReader lines) {
    return new Cursor(lines);
  }

  /**
   * True if the line, UTF-8 bytes, is the header (names compared case-insensitively, quotes and
   * blanks ignored).
   */
  static boolean isHeaderLine(byte[] buf, int start, int end) {
    if (end - start > 200) {
      return false;
    }
    StringBuilder sb = new StringBuilder(end - start);
    for (int i = start; i < end; i++) {
      int c = buf[i] & 0xff; // a non-ASCII byte never matches the header's ASCII names
      if (c != '"' && c > ' ') {
        sb.append((char) c);
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT).equals(FlightFields.HEADER);
  }

  private final class Cursor extends LineCursor {
    Cursor(LineReader lines) {
      super(lines);
    }

    @Override
    protected boolean isHeader(byte[] buf, int start, int end) {
      return isHeaderLine(buf, start, end);
    }

    @Override
    protected LineParser newParser() {
      return new CsvFlightParser()::parse;
    }

    @Override
    protected String overlongReason() {
      return "csv: line longer than " + MAX_LINE_BYTES + " bytes";
    }
  }
}

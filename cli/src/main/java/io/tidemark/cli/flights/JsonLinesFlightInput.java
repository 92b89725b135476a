package io.tidemark.cli.flights;

import java.io.IOException;

/**
 * JSON Lines: one flight object per line (UTF-8). Blank lines are not records. Every line is
 * parsed on its own, so a line with a syntax error is one {@link MalformedRecord} (raw text:
 * the line) and reading goes on with the next line. Seeking reads from the start.
 * Thread-safe to open.
 */
final class JsonLinesFlightInput extends LineFlightInput {

  static final int MAX_LINE_CHARS = 16 << 20;

  JsonLinesFlightInput(String description, StreamOpener opener) {
    super(description, opener, MAX_LINE_CHARS);
  }

  @Override
  protected LineCursor newCursor(LineReader lines) {
    return new Cursor(lines);
  }

  private final class Cursor extends LineCursor {
    private final JsonLineFlightParser parser = new JsonLineFlightParser();
    private boolean firstLine = true;

    Cursor(LineReader lines) {
      super(lines);
    }

    @Override
    protected FlightRecord read() throws IOException {
      char[] buf;
      int start;
      int end;
      do {
        if (!lines.next()) {
          return null;
        }
        buf = lines.buffer();
        start = lines.start();
        end = lines.end();
        if (firstLine && start < end && buf[start] == '\uFEFF') {
          start++; // byte order mark
        }
        firstLine = false;
      } while (FlightFields.isBlank(buf, start, end));
      if (lines.overlong()) {
        return malformed(buf, start, end, "json: line longer than " + MAX_LINE_CHARS + " chars");
      }
      return parser.parse(buf, start, end, position);
    }
  }
}

package io.tidemark.cli.flights;

import java.io.IOException;

/**
 * JSON Lines: one flight object per line (UTF-8). Blank lines are not records. Every line is
 * parsed on its own, so a line with a syntax error is one {@link MalformedRecord} (raw text:
 * the line) and reading goes on with the next line. Seeking reads the lines from the start
 * without parsing them. Thread-safe to open.
 */
final class JsonLinesFlightInput extends LineFlightInput {

  /** The longest line parsed, in bytes; a longer one is a {@link MalformedRecord}. */
  static final int MAX_LINE_BYTES = 16 << 20;

  JsonLinesFlightInput(String description, StreamOpener opener) {
    super(description, opener, MAX_LINE_BYTES);
  }

  @Override
  protected LineCursor newCursor(LineReader lines) {
    return new Cursor(lines);
  }

  private final class Cursor extends LineCursor {
    Cursor(LineReader lines) {
      super(lines);
    }

    @Override
    protected LineParser newParser() {
      return new JsonLineFlightParser()::parse;
    }

    @Override
    protected String overlongReason() {
      return "json: line longer than " + MAX_LINE_BYTES + " bytes";
    }
  }
}

package io.tidemark.cli.flights;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Base of the line-oriented flight inputs (CSV, JSON Lines): opens the stream as UTF-8 lines
 * through a {@link LineReader} that cuts lines at {@link #maxLineChars}, and gives the cursors
 * the raw text of a malformed line. Seeking reads from the start. Thread-safe to open.
 */
abstract class LineFlightInput extends FlightInput {

  private final StreamOpener opener;
  private final int maxLineChars;

  LineFlightInput(String description, StreamOpener opener, int maxLineChars) {
    super(description);
    this.opener = opener;
    this.maxLineChars = maxLineChars;
  }

  @Override
  protected final FlightCursor openCursor() throws IOException {
    LineReader lines;
    try {
      lines = new LineReader(
          new InputStreamReader(opener.open(), StandardCharsets.UTF_8), 64 << 10, maxLineChars);
    } catch (IOException e) {
      throw new IOException(description + ": cannot open: " + e, e);
    }
    return newCursor(lines);
  }

  /** A cursor over {@code lines}, which it closes. */
  protected abstract LineCursor newCursor(LineReader lines);

  /** A cursor reading one record per line; closes the lines. */
  abstract class LineCursor extends FlightCursor {
    protected final LineReader lines;

    LineCursor(LineReader lines) {
      super(LineFlightInput.this.description);
      this.lines = lines;
    }

    /** A malformed record at the current position, its raw text the line (cut to the limit). */
    protected final MalformedRecord malformed(char[] buf, int start, int end, String reason) {
      return MalformedRecord.of(position, buf, start, end, reason);
    }

    @Override
    protected final void closeResources() throws IOException {
      lines.close();
    }
  }
}

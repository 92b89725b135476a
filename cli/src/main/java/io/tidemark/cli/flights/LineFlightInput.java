package io.tidemark.cli.flights;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Base of the line-oriented flight inputs (CSV, JSON Lines): opens the stream as UTF-8 lines
 * through a {@link LineReader} that cuts lines at {@link #maxLineChars}, and gives the cursors
 * the raw text of a malformed line. Seeking reads the lines from the start, without parsing.
 * Thread-safe to open.
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

  /**
   * A cursor reading one record per line; closes the lines. Seeking skips record lines without
   * parsing them (a malformed line is a record too, so the positions agree with reading).
   */
  abstract class LineCursor extends FlightCursor {
    protected final LineReader lines;
    /** The current record line: {@code lines.buffer()[lineStart, lineEnd)}, after {@link #nextRecordLine()}. */
    protected int lineStart;
    protected int lineEnd;

    LineCursor(LineReader lines) {
      super(LineFlightInput.this.description);
      this.lines = lines;
    }

    /**
     * Moves to the next line that holds a record (the format decides which lines do not: blank
     * lines, a header), setting {@link #lineStart} and {@link #lineEnd}.
     *
     * @return false at the end of the input
     */
    protected abstract boolean nextRecordLine() throws IOException;

    /** Parses the current record line (or reports it malformed) as the record at {@link #position}. */
    protected abstract FlightRecord parseRecordLine() throws IOException;

    @Override
    protected final FlightRecord read() throws IOException {
      return nextRecordLine() ? parseRecordLine() : null;
    }

    @Override
    final void skipTo(long offset) throws IOException {
      while (position < offset && nextRecordLine()) {
        position++;
      }
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

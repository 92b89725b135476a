package io.tidemark.cli.flights;

import io.tidemark.streaming.source.DeferredDecodingCursor;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

  /** Parses one record line. Not thread-safe: one per cursor or thread. */
  @FunctionalInterface
  interface LineParser {
    /**
     * Parses {@code buf[start, end)}, a line without its line end.
     *
     * @param offset the record's offset, for a {@link MalformedRecord}
     * @throws IOException if the parser fails for a reason other than the line
     */
    FlightRecord parse(char[] buf, int start, int end, long offset) throws IOException;
  }

  /**
   * A cursor reading one record per line; closes the lines. Seeking skips record lines without
   * parsing them (a malformed line is a record too, so the positions agree with reading). Read
   * undecoded, a record is a copy of its line ({@code char[]}), or the {@link MalformedRecord}
   * of a line over the length limit.
   */
  abstract class LineCursor extends FlightCursor implements DeferredDecodingCursor<Object, FlightRecord> {
    private final LineReader lines;
    /** The current record line: {@code lines.buffer()[lineStart, lineEnd)}, after {@link #nextRecordLine()}. */
    private int lineStart;
    private int lineEnd;
    private boolean beforeFirstLine = true; // no non-blank line read yet
    private LineParser parser;

    LineCursor(LineReader lines) {
      super(LineFlightInput.this.description);
      this.lines = lines;
    }

    /**
     * Moves to the next line that holds a record, setting {@link #lineStart} and {@link
     * #lineEnd}. Not records: blank lines, and the first non-blank line if {@link #isHeader}
     * says so; a byte order mark (U+FEFF) opening the first non-blank line is dropped.
     *
     * @return false at the end of the input
     */
    private boolean nextRecordLine() throws IOException {
      while (lines.next()) {
        char[] buf = lines.buffer();
        int start = lines.start();
        int end = lines.end();
        boolean first = beforeFirstLine;
        if (first && start < end && buf[start] == '\uFEFF') {
          start++;
        }
        if (FlightFields.isBlank(buf, start, end)) {
          continue;
        }
        beforeFirstLine = false;
        if (first && isHeader(buf, start, end)) {
          continue;
        }
        lineStart = start;
        lineEnd = end;
        return true;
      }
      return false;
    }

    /** True if {@code buf[start, end)}, the first non-blank line, is this format's header; none by default. */
    protected boolean isHeader(char[] buf, int start, int end) {
      return false;
    }

    /** A new parser of this format's record lines. */
    protected abstract LineParser newParser();

    /** Why a line over the length limit is malformed, e.g. {@code "csv: line longer than N chars"}. */
    protected abstract String overlongReason();

    @Override
    protected final FlightRecord read() throws IOException {
      if (!nextRecordLine()) {
        return null;
      }
      if (lines.overlong()) {
        return malformed(lines.buffer(), lineStart, lineEnd, overlongReason());
      }
      if (parser == null) {
        parser = newParser();
      }
      return parser.parse(lines.buffer(), lineStart, lineEnd, position);
    }

    @Override
    public final Object nextUndecoded() throws IOException {
      return advance(() -> {
        if (!nextRecordLine()) {
          return null;
        }
        return lines.overlong()
            ? malformed(lines.buffer(), lineStart, lineEnd, overlongReason())
            : Arrays.copyOfRange(lines.buffer(), lineStart, lineEnd);
      });
    }

    @Override
    public final Decoder<Object, FlightRecord> newDecoder() {
      LineParser p = newParser();
      return (undecoded, offset) -> {
        if (!(undecoded instanceof char[] line)) {
          return (FlightRecord) undecoded;
        }
        try {
          return p.parse(line, 0, line.length, offset);
        } catch (IOException e) {
          throw new UncheckedIOException(description + ": cannot decode record " + offset + ": " + e, e);
        }
      };
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

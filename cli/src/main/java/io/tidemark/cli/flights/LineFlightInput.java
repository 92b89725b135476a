package io.tidemark.cli.flights;

import io.tidemark.streaming.source.DeferredDecodingCursor;
import java.io.IOException;

/**
 * Base of the line-oriented flight inputs (CSV, JSON Lines): reads the stream as lines of UTF-8
 * bytes through a {@link LineReader} that cuts lines at {@link #maxLineBytes}, decodes a line
 * only to parse it, and gives the cursors the raw text of a malformed line. Seeking reads the
 * lines from the start, without decoding them. Thread-safe to open.
 */
abstract class LineFlightInput extends FlightInput {

  private final StreamOpener opener;
  private final int maxLineBytes;

  LineFlightInput(String description, StreamOpener opener, int maxLineBytes) {
    super(description);
    this.opener = opener;
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  protected final FlightCursor openCursor() throws IOException {
    LineReader lines;
    try {
      lines = new LineReader(opener.open(), 64 << 10, maxLineBytes);
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
   * undecoded, records are a {@link LineChunk}: the lines' bytes, and the {@link MalformedRecord}
   * of each line over the length limit.
   */
  abstract class LineCursor extends FlightCursor implements DeferredDecodingCursor<FlightRecord> {
    private final LineReader lines;
    /** The current record line: {@code lines.buffer()[lineStart, lineEnd)}, after {@link #nextRecordLine()}. */
    private int lineStart;
    private int lineEnd;
    private boolean beforeFirstLine = true; // no non-blank line read yet
    private LineParser parser;
    private LineDecoder decoder;
    /** The most records a chunk held so far (at least 4,096), and bytes per record line of the last one, to size the next. */
    private int chunkRecords = 4096;
    private int chunkBytesPerRecord = 64;

    LineCursor(LineReader lines) {
      super(LineFlightInput.this.description);
      this.lines = lines;
    }

    /**
     * Moves to the next line that holds a record, setting {@link #lineStart} and {@link
     * #lineEnd}. Not records: blank lines, and the first non-blank line if {@link #isHeader}
     * says so; a UTF-8 byte order mark opening the first non-blank line is dropped.
     *
     * @return false at the end of the input
     */
    private boolean nextRecordLine() throws IOException {
      while (lines.next()) {
        byte[] buf = lines.buffer();
        int start = lines.start();
        int end = lines.end();
        boolean first = beforeFirstLine;
        if (first && end - start >= 3 && buf[start] == (byte) 0xEF && buf[start + 1] == (byte) 0xBB
            && buf[start + 2] == (byte) 0xBF) {
          start += 3;
        }
        if (isBlank(buf, start, end)) {
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

    /** True if {@code buf[start, end)} is empty or only ASCII blanks (bytes up to space). */
    private static boolean isBlank(byte[] buf, int start, int end) {
      for (int i = start; i < end; i++) {
        if ((buf[i] & 0xff) > ' ') {
          return false;
        }
      }
      return true;
    }

    /** True if {@code buf[start, end)}, the first non-blank line's bytes, is this format's header; none by default. */
    protected boolean isHeader(byte[] buf, int start, int end) {
      return false;
    }

    /** A new parser of this format's record lines. */
    protected abstract LineParser newParser();

    /** Why a line over the length limit is malformed, e.g. {@code "csv: line longer than N bytes"}. */
    protected abstract String overlongReason();

    @Override
    protected final FlightRecord read() throws IOException {
      if (!nextRecordLine()) {
        return null;
      }
      if (lines.overlong()) {
        return overlongRecord();
      }
      if (parser == null) {
        parser = newParser();
        decoder = new LineDecoder();
      }
      int length = decoder.decode(lines.buffer(), lineStart, lineEnd);
      return parser.parse(decoder.chars(), 0, length, position);
    }

    @Override
    public final LineChunk nextUndecoded(int max) throws IOException {
      if (max < 0) {
        throw new IllegalArgumentException("max < 0: " + max);
      }
      int expectedRecords = Math.min(max, chunkRecords);
      LineChunk chunk = new LineChunk(position, description, this::newParser, expectedRecords,
          (int) Math.min((long) expectedRecords * chunkBytesPerRecord, 64 << 20));
      RecordRead<Boolean> append = () -> {
        if (!nextRecordLine()) {
          return null;
        }
        if (lines.overlong()) {
          chunk.addRecord(overlongRecord());
        } else {
          chunk.addLine(lines.buffer(), lineStart, lineEnd);
        }
        return Boolean.TRUE;
      };
      while (chunk.size() < max && advance(append) != null) {
        // appended
      }
      if (chunk.size() > 0) {
        chunkRecords = Math.max(chunkRecords, chunk.size());
        chunkBytesPerRecord = Math.max(1, (int) Math.ceil(chunk.byteCount() * 1.05 / chunk.size()));
      }
      return chunk;
    }

    @Override
    final void skipTo(long offset) throws IOException {
      while (position < offset && nextRecordLine()) {
        position++;
      }
    }

    /** The malformed record of the current line, which is over the length limit. */
    private MalformedRecord overlongRecord() {
      return MalformedRecord.of(position, lines.buffer(), lineStart, lineEnd, overlongReason());
    }

    @Override
    protected final void closeResources() throws IOException {
      lines.close();
    }
  }
}

package io.tidemark.cli.flights;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.tidemark.streaming.source.ReplayCursor;
import io.tidemark.streaming.source.ReplayInput;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * JSON Lines: one flight object per line (UTF-8). Blank lines are not records. Every line is
 * parsed on its own, so a line with a syntax error is one {@link MalformedRecord} (raw text:
 * the line) and reading goes on with the next line. Seeking reads from the start.
 * Thread-safe to open.
 */
final class JsonLinesFlightInput implements ReplayInput<FlightRecord> {

  static final int MAX_LINE_CHARS = 16 << 20;

  private final String description;
  private final StreamOpener opener;

  JsonLinesFlightInput(String description, StreamOpener opener) {
    this.description = description;
    this.opener = opener;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public ReplayCursor<FlightRecord> openAt(long offset) throws IOException {
    FlightCursor.checkOffset(offset);
    LineReader lines;
    try {
      lines = new LineReader(
          new InputStreamReader(opener.open(), StandardCharsets.UTF_8), 64 << 10, MAX_LINE_CHARS);
    } catch (IOException e) {
      throw new IOException(description + ": cannot open: " + e, e);
    }
    return FlightCursor.seek(new Cursor(lines), offset);
  }

  @Override
  public String toString() {
    return "JsonLinesFlightInput[" + description + "]";
  }

  private final class Cursor extends FlightCursor {
    private final LineReader lines;
    private final JsonFlightParser elements = new JsonFlightParser();
    private boolean firstLine = true;

    Cursor(LineReader lines) {
      super(JsonLinesFlightInput.this.description);
      this.lines = lines;
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
      try (JsonParser p = JsonArrayFlightInput.FACTORY.createParser(buf, start, end - start)) {
        p.nextToken();
        Flight f = elements.read(p, false);
        if (f == null) {
          return malformed(buf, start, end, elements.reason());
        }
        JsonToken after = p.nextToken();
        if (after != null) {
          return malformed(buf, start, end, "json: unexpected content after the object: " + after);
        }
        return f;
      } catch (StreamReadException e) {
        String message = e.getOriginalMessage() == null ? "?" : e.getOriginalMessage();
        long column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
        return malformed(buf, start, end,
            "json: syntax error at column " + column + ": " + message.replace('\n', ' '));
      }
    }

    private MalformedRecord malformed(char[] buf, int start, int end, String reason) {
      int len = Math.min(end - start, MalformedRecord.MAX_RAW_CHARS);
      return new MalformedRecord(position, new String(buf, start, len), reason);
    }

    @Override
    protected void closeResources() throws IOException {
      lines.close();
    }
  }
}

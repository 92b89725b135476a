package io.tidemark.cli.flights;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;

/**
 * Parses one line holding one JSON flight object into a {@link Flight} or a {@link
 * MalformedRecord} (a syntax error, a bad field, or content after the object). Used by {@link
 * JsonLinesFlightInput} and {@link FlightLines}. Not thread-safe: one per cursor or task.
 */
final class JsonLineFlightParser {
  private final JsonFlightParser elements = new JsonFlightParser();

  /**
   * Parses {@code buf[start, end)}, one line without its line end.
   *
   * @param offset the record's offset, for a {@link MalformedRecord}
   * @return the flight, or a {@link MalformedRecord} saying why the line is not one
   * @throws IOException only if Jackson fails other than on the syntax (not on in-memory text)
   */
  FlightRecord parse(char[] buf, int start, int end, long offset) throws IOException {
    try (JsonParser p = JsonArrayFlightInput.FACTORY.createParser(buf, start, end - start)) {
      p.nextToken();
      Flight f = elements.read(p, false);
      if (f == null) {
        return MalformedRecord.of(offset, buf, start, end, elements.reason());
      }
      JsonToken after = p.nextToken();
      if (after != null) {
        return MalformedRecord.of(offset, buf, start, end, "json: unexpected content after the object: " + after);
      }
      return f;
    } catch (StreamReadException e) {
      String message = e.getOriginalMessage() == null ? "?" : e.getOriginalMessage();
      long column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
      return MalformedRecord.of(offset, buf, start, end,
          "json: syntax error at column " + column + ": " + message.replace('\n', ' '));
    }
  }
}

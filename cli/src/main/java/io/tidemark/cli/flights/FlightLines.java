package io.tidemark.cli.flights;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Flight records one line of text at a time, as they travel over a socket: {@link #parse} reads
 * a line that is either one JSON flight object (it starts with <code>{</code>) or one CSV record
 * {@code date,delay,distance,origin,destination}, with the same parsers (and the same reasons for
 * a {@link MalformedRecord}) as the JSON Lines and CSV inputs; {@link #render} writes a record as
 * such a line. Not thread-safe (the parsers reuse buffers): one per task or connection.
 */
public final class FlightLines {
  private final JsonLineFlightParser json = new JsonLineFlightParser();
  private final CsvFlightParser csv = new CsvFlightParser();

  /**
   * Parses one line (without its line end) into a flight or, if it is not one, a
   * {@link MalformedRecord} with {@code offset}; never throws for bad text.
   *
   * @param offset the record's offset (for the sockets source: its sequence number)
   */
  public FlightRecord parse(String line, long offset) {
    char[] buf = line.toCharArray();
    int start = 0;
    while (start < buf.length && (buf[start] <= ' ' || buf[start] == '\uFEFF')) {
      start++;
    }
    if (start == buf.length) {
      return new MalformedRecord(offset, line, "empty record");
    }
    if (buf[start] != '{') {
      return csv.parse(buf, start, buf.length, offset);
    }
    try {
      return json.parse(buf, start, buf.length, offset);
    } catch (IOException e) {
      return MalformedRecord.of(offset, buf, start, buf.length, "json: " + e.getMessage());
    }
  }

  /**
   * One line for {@code record}: a flight as a JSON object with {@code date} in epoch
   * milliseconds (so that it parses back to an equal {@link Flight}); a malformed record as its
   * raw text with tabs and line ends replaced by spaces (so that it parses back to a malformed
   * record). Thread-safe (static).
   */
  public static String render(FlightRecord record) {
    if (record instanceof MalformedRecord bad) {
      return bad.raw().replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
    }
    Flight f = (Flight) record;
    StringWriter out = new StringWriter(96);
    try (JsonGenerator g = JsonArrayFlightInput.FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("date", f.timeMillis());
      g.writeNumberField("delay", f.delay());
      g.writeNumberField("distance", f.distance());
      g.writeStringField("origin", f.origin());
      g.writeStringField("destination", f.destination());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen in memory
    }
    return out.toString();
  }
}

package io.tidemark.cli.flights;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON document holding an array of flight objects (the vega-datasets files), streamed with
 * Jackson's {@link JsonParser}: one element in memory at a time. Offset {@code i} is the
 * {@code i}-th array element. A syntax error ends the input after one {@link MalformedRecord}
 * (the parser cannot resynchronise), with a warning naming the file and byte offset (logged once
 * per input; re-reads log it at debug level). Seeking
 * parses from the start. Thread-safe to open.
 */
final class JsonArrayFlightInput extends FlightInput {

  private static final Logger LOG = LoggerFactory.getLogger(JsonArrayFlightInput.class);

  static final JsonFactory FACTORY = JsonFactory.builder().build();

  private final StreamOpener opener;
  /** The syntax error is logged at WARN once per input, later re-reads log it at DEBUG. */
  private final java.util.concurrent.atomic.AtomicBoolean warned =
      new java.util.concurrent.atomic.AtomicBoolean();

  JsonArrayFlightInput(String description, StreamOpener opener) {
    super(description);
    this.opener = opener;
  }

  @Override
  protected FlightCursor openCursor() throws IOException {
    JsonParser parser;
    try {
      parser = FACTORY.createParser(opener.open());
    } catch (IOException e) {
      throw new IOException(description + ": cannot open: " + e, e);
    }
    return new Cursor(parser);
  }

  private final class Cursor extends FlightCursor {
    private final JsonParser parser;
    private final JsonFlightParser elements = new JsonFlightParser();
    private boolean started;
    private boolean finished;

    Cursor(JsonParser parser) {
      super(JsonArrayFlightInput.this.description);
      this.parser = parser;
    }

    @Override
    protected FlightRecord read() throws IOException {
      if (finished) {
        return null;
      }
      try {
        if (!started) {
          started = true;
          JsonToken first = parser.nextToken();
          if (first == null) {
            finished = true; // empty document: no records
            return null;
          }
          if (first != JsonToken.START_ARRAY) {
            return syntaxError("expected '[' at the start of the document, found " + first,
                parser.currentTokenLocation(), "");
          }
        }
        JsonToken t = parser.nextToken();
        if (t == JsonToken.END_ARRAY) {
          finished = true;
          return null;
        }
        if (t == null) {
          return syntaxError("unexpected end of input: the array is not closed",
              parser.currentLocation(), "");
        }
        Flight f = elements.read(parser, true);
        return f != null ? f : new MalformedRecord(position, elements.rendered(), elements.reason());
      } catch (StreamReadException e) {
        return syntaxError(e.getOriginalMessage(), e.getLocation(), elements.rendered());
      }
    }

    private MalformedRecord syntaxError(String message, JsonLocation at, String raw) {
      finished = true;
      long where = -1;
      String unit = "byte";
      if (at != null) {
        where = at.getByteOffset();
        if (where < 0) {
          where = at.getCharOffset();
          unit = "char";
        }
      }
      String oneLine = message == null ? "?" : message.replace('\n', ' ');
      String format = "{}: JSON syntax error at {} {} (record {}); ignoring the rest of the input: {}";
      if (warned.compareAndSet(false, true)) {
        LOG.warn(format, description, unit, where, position, oneLine);
      } else {
        LOG.debug(format, description, unit, where, position, oneLine);
      }
      return new MalformedRecord(position, raw,
          "json: syntax error at " + unit + " " + where + ": " + oneLine);
    }

    @Override
    protected void closeResources() throws IOException {
      parser.close();
    }
  }
}

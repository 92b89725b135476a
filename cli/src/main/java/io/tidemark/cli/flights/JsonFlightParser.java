package io.tidemark.cli.flights;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Turns one JSON value (the parser is on its first token) into a {@link Flight}, or records why
 * it is not one in {@link #reason()}. Optionally re-renders the value compactly into
 * {@link #rendered()} (bounded) for the raw text of a malformed record. Unknown fields are
 * ignored. Not thread-safe: one per cursor.
 */
final class JsonFlightParser {

  private static final int RENDER_LIMIT = MalformedRecord.MAX_RAW_CHARS + 1;

  private final NameCache names = new NameCache();
  private final StringBuilder rendered = new StringBuilder(256);
  private boolean render;
  private String reason;

  // per-record slots
  private long time;
  private int delay;
  private int distance;
  private String origin;
  private String destination;
  private String dateError;
  private String delayError;
  private String distanceError;
  private String originError;
  private String destinationError;

  /** Why the last {@link #read} returned null. */
  String reason() {
    return reason;
  }

  /** The last value re-rendered (only when rendering was requested), cut near the limit. */
  String rendered() {
    return rendered.toString();
  }

  /**
   * Reads the value whose first token is current; leaves the parser on its last token.
   *
   * @return the flight, or null if the value is not a valid flight (see {@link #reason()})
   * @throws IOException on a syntax error or read error (the rendering so far is kept)
   */
  Flight read(JsonParser p, boolean render) throws IOException {
    this.render = render;
    rendered.setLength(0);
    reason = null;
    JsonToken t = p.currentToken();
    if (t != JsonToken.START_OBJECT) {
      appendValue(p);
      reason = "record: not a JSON object";
      return null;
    }
    time = FlightFields.NO_TIME;
    origin = destination = null;
    dateError = delayError = distanceError = originError = destinationError = "missing";
    append('{');
    boolean first = true;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      if (!first) {
        append(',');
      }
      first = false;
      appendQuoted(name);
      append(':');
      p.nextToken();
      switch (name) {
        case "date" -> readDate(p);
        case "delay" -> {
          delayError = readInt(p);
          delay = lastInt;
        }
        case "distance" -> {
          distanceError = readInt(p);
          distance = lastInt;
        }
        case "origin" -> {
          originError = readCode(p);
          origin = lastCode;
        }
        case "destination" -> {
          destinationError = readCode(p);
          destination = lastCode;
        }
        default -> appendValue(p);
      }
    }
    append('}');
    if (dateError != null) {
      reason = "date: " + dateError;
    } else if (delayError != null) {
      reason = "delay: " + delayError;
    } else if (distanceError != null) {
      reason = "distance: " + distanceError;
    } else if (originError != null) {
      reason = "origin: " + originError;
    } else if (destinationError != null) {
      reason = "destination: " + destinationError;
    } else {
      return new Flight(time, delay, distance, origin, destination);
    }
    return null;
  }

  private void readDate(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      char[] chars = p.getTextCharacters();
      int off = p.getTextOffset();
      int len = p.getTextLength();
      appendQuoted(chars, off, len);
      time = FlightFields.parseTime(chars, off, off + len);
      dateError = time == FlightFields.NO_TIME
          ? "not a time (yyyy/MM/dd HH:mm or epoch ms): "
              + FlightFields.quoteForReason(chars, off, off + len)
          : null;
    } else if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      time = p.getLongValue();
      append(time);
      dateError = time == FlightFields.NO_TIME ? "out of range" : null;
    } else {
      dateError = typeError(t);
      appendValue(p);
    }
  }

  private int lastInt;

  private String readInt(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      if (p.getNumberType() == JsonParser.NumberType.INT) {
        lastInt = p.getIntValue();
        append(lastInt);
        return null;
      }
      appendValue(p);
      return "out of int range: " + p.getText();
    }
    String error = t == JsonToken.VALUE_NUMBER_FLOAT
        ? "not an integer: " + p.getText()
        : typeError(t);
    appendValue(p);
    return error;
  }

  private String lastCode;

  private String readCode(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      char[] chars = p.getTextCharacters();
      int off = p.getTextOffset();
      int len = p.getTextLength();
      appendQuoted(chars, off, len);
      if (FlightFields.isBlank(chars, off, off + len)) {
        lastCode = null;
        return "empty";
      }
      lastCode = names.get(chars, off, off + len);
      return null;
    }
    lastCode = null;
    String error = typeError(t);
    appendValue(p);
    return error;
  }

  private static String typeError(JsonToken t) {
    return switch (t) {
      case VALUE_NULL -> "null";
      case START_OBJECT -> "ill-typed: an object";
      case START_ARRAY -> "ill-typed: an array";
      case VALUE_TRUE, VALUE_FALSE -> "ill-typed: a boolean";
      case VALUE_STRING -> "ill-typed: a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "ill-typed: a number";
      default -> "ill-typed: " + t;
    };
  }

  /** Renders (or, when not rendering, skips) the current value, consuming nested structures. */
  private void appendValue(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (!render) {
      p.skipChildren();
      return;
    }
    switch (t) {
      case START_OBJECT -> {
        append('{');
        boolean first = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          if (!first) {
            append(',');
          }
          first = false;
          appendQuoted(p.currentName());
          append(':');
          p.nextToken();
          appendValue(p);
        }
        append('}');
      }
      case START_ARRAY -> {
        append('[');
        boolean first = true;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          if (!first) {
            append(',');
          }
          first = false;
          appendValue(p);
        }
        append(']');
      }
      case VALUE_STRING -> appendQuoted(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
      default -> {
        if (rendered.length() < RENDER_LIMIT) {
          rendered.append(p.getText());
        }
      }
    }
  }

  private void append(char c) {
    if (render && rendered.length() < RENDER_LIMIT) {
      rendered.append(c);
    }
  }

  private void append(long v) {
    if (render && rendered.length() < RENDER_LIMIT) {
      rendered.append(v);
    }
  }

  private void appendQuoted(String s) {
    if (!render || rendered.length() >= RENDER_LIMIT) {
      return;
    }
    rendered.append('"');
    int n = Math.min(s.length(), RENDER_LIMIT - rendered.length());
    for (int i = 0; i < n; i++) {
      appendEscaped(s.charAt(i));
    }
    rendered.append('"');
  }

  private void appendQuoted(char[] s, int off, int len) {
    if (!render || rendered.length() >= RENDER_LIMIT) {
      return;
    }
    rendered.append('"');
    int end = off + Math.min(len, RENDER_LIMIT - rendered.length());
    for (int i = off; i < end; i++) {
      appendEscaped(s[i]);
    }
    rendered.append('"');
  }

  private void appendEscaped(char c) {
    if (c == '"' || c == '\\') {
      rendered.append('\\').append(c);
    } else if (c < 0x20) {
      rendered.append(String.format("\\u%04x", (int) c));
    } else {
      rendered.append(c);
    }
  }
}

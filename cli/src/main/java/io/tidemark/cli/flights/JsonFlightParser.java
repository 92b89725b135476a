package io.tidemark.cli.flights;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * Turns one JSON value (the parser is on its first token) into a {@link Flight}, or records why
 * it is not one in {@link #reason()}. Optionally re-renders the value compactly into
 * {@link #rendered()} (bounded) for the raw text of a malformed record. Unknown fields are
 * ignored. Not thread-safe: one per cursor.
 */
final class JsonFlightParser {

  private static final int RENDER_LIMIT = MalformedRecord.MAX_RAW_CHARS + 1;

  /** The flight fields, in the order their errors are reported; indexes into {@link #errors}. */
  private static final String[] FIELDS = {"date", "delay", "distance", "origin", "destination"};
  private static final int DATE = 0;
  private static final int DELAY = 1;
  private static final int DISTANCE = 2;
  private static final int ORIGIN = 3;
  private static final int DESTINATION = 4;

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
  /** Per field: why its value is not usable ("missing" until read), or null if it is. */
  private final String[] errors = new String[FIELDS.length];

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
    Arrays.fill(errors, "missing");
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
        case "delay" -> delay = readInt(p, DELAY);
        case "distance" -> distance = readInt(p, DISTANCE);
        case "origin" -> origin = readCode(p, ORIGIN);
        case "destination" -> destination = readCode(p, DESTINATION);
        default -> appendValue(p);
      }
    }
    append('}');
    for (int f = 0; f < FIELDS.length; f++) {
      if (errors[f] != null) {
        reason = FIELDS[f] + ": " + errors[f];
        return null;
      }
    }
    return new Flight(time, delay, distance, origin, destination);
  }

  private void readDate(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      char[] chars = p.getTextCharacters();
      int off = p.getTextOffset();
      int len = p.getTextLength();
      appendQuoted(chars, off, len);
      time = FlightFields.parseTime(chars, off, off + len);
      errors[DATE] = time == FlightFields.NO_TIME
          ? "not a time (yyyy/MM/dd HH:mm or epoch ms): "
              + FlightFields.quoteForReason(chars, off, off + len)
          : null;
    } else if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      time = p.getLongValue();
      append(time);
      errors[DATE] = time == FlightFields.NO_TIME ? "out of range" : null;
    } else {
      errors[DATE] = typeError(t);
      appendValue(p);
    }
  }

  /** Reads an int field; sets its error (null if it is an int) and returns it (0 if not). */
  private int readInt(JsonParser p, int field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      if (p.getNumberType() == JsonParser.NumberType.INT) {
        int value = p.getIntValue();
        append(value);
        errors[field] = null;
        return value;
      }
      appendValue(p);
      errors[field] = "out of int range: " + p.getText();
      return 0;
    }
    errors[field] = t == JsonToken.VALUE_NUMBER_FLOAT
        ? "not an integer: " + p.getText()
        : typeError(t);
    appendValue(p);
    return 0;
  }

  /** Reads an airport code field; sets its error (null if usable) and returns it (null if not). */
  private String readCode(JsonParser p, int field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      char[] chars = p.getTextCharacters();
      int off = p.getTextOffset();
      int len = p.getTextLength();
      appendQuoted(chars, off, len);
      if (FlightFields.isBlank(chars, off, off + len)) {
        errors[field] = "empty";
        return null;
      }
      errors[field] = null;
      return names.get(chars, off, off + len);
    }
    errors[field] = typeError(t);
    appendValue(p);
    return null;
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

package io.tidemark.cli.flights;

import java.io.IOException;
import java.util.Locale;

/**
 * CSV lines {@code date,delay,distance,origin,destination} (UTF-8), with an optional header
 * line of exactly those names as the first non-blank line. {@code date} is
 * {@code yyyy/MM/dd HH:mm} (read as UTC) or epoch milliseconds. Fields are trimmed and one pair
 * of surrounding double quotes is removed; quoted commas are not supported. Blank lines and the
 * header are not records. Seeking reads from the start. Thread-safe to open.
 */
final class CsvFlightInput extends LineFlightInput {

  static final int MAX_LINE_CHARS = 1 << 20;

  CsvFlightInput(String description, StreamOpener opener) {
    super(description, opener, MAX_LINE_CHARS);
  }

  @Override
  protected LineCursor newCursor(LineReader lines) {
    return new Cursor(lines);
  }

  /** True if the line is the header (names compared case-insensitively, quotes and blanks ignored). */
  static boolean isHeader(char[] buf, int start, int end) {
    if (end - start > 200) {
      return false;
    }
    StringBuilder sb = new StringBuilder(end - start);
    for (int i = start; i < end; i++) {
      char c = buf[i];
      if (c != '"' && c > ' ') {
        sb.append(c);
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT).equals(FlightFields.HEADER);
  }

  private final class Cursor extends LineCursor {
    private final NameCache names = new NameCache();
    private final int[] fieldStart = new int[5];
    private final int[] fieldEnd = new int[5];
    private boolean firstLine = true;

    Cursor(LineReader lines) {
      super(lines);
    }

    @Override
    protected FlightRecord read() throws IOException {
      char[] buf;
      int start;
      int end;
      while (true) {
        if (!lines.next()) {
          return null;
        }
        buf = lines.buffer();
        start = lines.start();
        end = lines.end();
        boolean first = firstLine;
        if (first && start < end && buf[start] == '\uFEFF') {
          start++; // byte order mark
        }
        if (FlightFields.isBlank(buf, start, end)) {
          continue;
        }
        firstLine = false;
        if (first && isHeader(buf, start, end)) {
          continue;
        }
        break;
      }
      if (lines.overlong()) {
        return malformed(buf, start, end, "csv: line longer than " + MAX_LINE_CHARS + " chars");
      }
      return parse(buf, start, end);
    }

    private FlightRecord parse(char[] buf, int start, int end) {
      int fields = 0;
      int fieldBegin = start;
      for (int i = start; i <= end; i++) {
        if (i == end || buf[i] == ',') {
          if (fields < 5) {
            fieldStart[fields] = fieldBegin;
            fieldEnd[fields] = i;
          }
          fields++;
          fieldBegin = i + 1;
        }
      }
      if (fields != 5) {
        return malformed(buf, start, end, "csv: expected 5 fields, found " + fields);
      }
      for (int f = 0; f < 5; f++) {
        trim(buf, f);
      }
      long time = FlightFields.parseTime(buf, fieldStart[0], fieldEnd[0]);
      if (time == FlightFields.NO_TIME) {
        return malformed(buf, start, end,
            fieldStart[0] == fieldEnd[0]
                ? "date: empty"
                : "date: not a time (yyyy/MM/dd HH:mm or epoch ms): "
                    + FlightFields.quoteForReason(buf, fieldStart[0], fieldEnd[0]));
      }
      long delay = FlightFields.parseInt(buf, fieldStart[1], fieldEnd[1]);
      if (delay == FlightFields.NO_INT) {
        return malformed(buf, start, end,
            "delay: not an int: " + FlightFields.quoteForReason(buf, fieldStart[1], fieldEnd[1]));
      }
      long distance = FlightFields.parseInt(buf, fieldStart[2], fieldEnd[2]);
      if (distance == FlightFields.NO_INT) {
        return malformed(buf, start, end, "distance: not an int: "
            + FlightFields.quoteForReason(buf, fieldStart[2], fieldEnd[2]));
      }
      if (fieldStart[3] == fieldEnd[3]) {
        return malformed(buf, start, end, "origin: empty");
      }
      if (fieldStart[4] == fieldEnd[4]) {
        return malformed(buf, start, end, "destination: empty");
      }
      return new Flight(time, (int) delay, (int) distance,
          names.get(buf, fieldStart[3], fieldEnd[3]), names.get(buf, fieldStart[4], fieldEnd[4]));
    }

    /** Trims blanks and one pair of surrounding double quotes (then blanks again) of field f. */
    private void trim(char[] buf, int f) {
      int s = fieldStart[f];
      int e = fieldEnd[f];
      while (s < e && buf[s] <= ' ') {
        s++;
      }
      while (e > s && buf[e - 1] <= ' ') {
        e--;
      }
      if (e - s >= 2 && buf[s] == '"' && buf[e - 1] == '"') {
        s++;
        e--;
        while (s < e && buf[s] <= ' ') {
          s++;
        }
        while (e > s && buf[e - 1] <= ' ') {
          e--;
        }
      }
      fieldStart[f] = s;
      fieldEnd[f] = e;
    }
  }
}

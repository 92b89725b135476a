package io.tidemark.cli.flights;

/**
 * Parses one CSV line {@code date,delay,distance,origin,destination} into a {@link Flight} or a
 * {@link MalformedRecord}: fields are trimmed and one pair of surrounding double quotes is
 * removed; quoted commas are not supported; {@code date} is {@code yyyy/MM/dd HH:mm} (UTC) or
 * epoch milliseconds. Used by {@link CsvFlightInput} and {@link FlightLines}. Not thread-safe
 * (reuses its field arrays and airport names): one per cursor or task.
 */
final class CsvFlightParser {
  private final NameCache names = new NameCache();
  private final int[] fieldStart = new int[5];
  private final int[] fieldEnd = new int[5];

  /**
   * Parses {@code buf[start, end)}, one CSV line without its line end.
   *
   * @param offset the record's offset, for a {@link MalformedRecord}
   * @return the flight, or a {@link MalformedRecord} saying why the line is not one
   */
  FlightRecord parse(char[] buf, int start, int end, long offset) {
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
      return MalformedRecord.of(offset, buf, start, end, "csv: expected 5 fields, found " + fields);
    }
    for (int f = 0; f < 5; f++) {
      trim(buf, f);
    }
    long time = FlightFields.parseTime(buf, fieldStart[0], fieldEnd[0]);
    if (time == FlightFields.NO_TIME) {
      return MalformedRecord.of(offset, buf, start, end,
          fieldStart[0] == fieldEnd[0]
              ? "date: empty"
              : "date: not a time (yyyy/MM/dd HH:mm or epoch ms): "
                  + FlightFields.quoteForReason(buf, fieldStart[0], fieldEnd[0]));
    }
    long delay = FlightFields.parseInt(buf, fieldStart[1], fieldEnd[1]);
    if (delay == FlightFields.NO_INT) {
      return MalformedRecord.of(offset, buf, start, end,
          "delay: not an int: " + FlightFields.quoteForReason(buf, fieldStart[1], fieldEnd[1]));
    }
    long distance = FlightFields.parseInt(buf, fieldStart[2], fieldEnd[2]);
    if (distance == FlightFields.NO_INT) {
      return MalformedRecord.of(offset, buf, start, end, "distance: not an int: "
          + FlightFields.quoteForReason(buf, fieldStart[2], fieldEnd[2]));
    }
    if (fieldStart[3] == fieldEnd[3]) {
      return MalformedRecord.of(offset, buf, start, end, "origin: empty");
    }
    if (fieldStart[4] == fieldEnd[4]) {
      return MalformedRecord.of(offset, buf, start, end, "destination: empty");
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

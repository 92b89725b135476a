package io.tidemark.cli.flights;

/**
 * Allocation-free parsing of flight fields from character ranges, shared by the readers.
 * Stateless; thread-safe.
 */
final class FlightFields {

  /** Returned by the time parsers for text that is not a time. */
  static final long NO_TIME = Long.MIN_VALUE;

  static final String HEADER = "date,delay,distance,origin,destination";

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private FlightFields() {}

  /**
   * Parses {@code yyyy/MM/dd HH:mm} (read as UTC) or an integer of epoch milliseconds from
   * {@code s[begin, end)}.
   *
   * @return epoch milliseconds, or {@link #NO_TIME} if the text is neither form or names a day
   *     or time that does not exist
   */
  static long parseTime(char[] s, int begin, int end) {
    int len = end - begin;
    if (len == 16 && s[begin + 4] == '/' && s[begin + 7] == '/' && s[begin + 10] == ' '
        && s[begin + 13] == ':') {
      int year = digits(s, begin, 4);
      int month = digits(s, begin + 5, 2);
      int day = digits(s, begin + 8, 2);
      int hour = digits(s, begin + 11, 2);
      int minute = digits(s, begin + 14, 2);
      if (year < 0 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month)
          || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
        return NO_TIME;
      }
      return daysFromCivil(year, month, day) * MILLIS_PER_DAY + hour * 3_600_000L
          + minute * 60_000L;
    }
    return parseEpochMillis(s, begin, end);
  }

  /** {@link #parseTime(char[], int, int)} for a string. */
  static long parseTime(String s) {
    char[] chars = s.toCharArray();
    return parseTime(chars, 0, chars.length);
  }

  /** Returned by {@link #parseInt} for text that is not an int. */
  static final long NO_INT = Long.MIN_VALUE;

  /**
   * Parses an optionally signed decimal int from {@code s[begin, end)}.
   *
   * @return the value, or {@link #NO_INT} if the text is not an integer or overflows an int
   */
  static long parseInt(char[] s, int begin, int end) {
    int i = begin;
    boolean negative = false;
    if (i < end && (s[i] == '-' || s[i] == '+')) {
      negative = s[i] == '-';
      i++;
    }
    if (i == end || end - i > 10) {
      return NO_INT;
    }
    long value = 0;
    for (; i < end; i++) {
      char c = s[i];
      if (c < '0' || c > '9') {
        return NO_INT;
      }
      value = value * 10 + (c - '0');
    }
    value = negative ? -value : value;
    return value < Integer.MIN_VALUE || value > Integer.MAX_VALUE ? NO_INT : value;
  }

  private static long parseEpochMillis(char[] s, int begin, int end) {
    int i = begin;
    boolean negative = false;
    if (i < end && (s[i] == '-' || s[i] == '+')) {
      negative = s[i] == '-';
      i++;
    }
    if (i == end || end - i > 18) { // 18 digits cannot overflow a long
      return NO_TIME;
    }
    long value = 0;
    for (; i < end; i++) {
      char c = s[i];
      if (c < '0' || c > '9') {
        return NO_TIME;
      }
      value = value * 10 + (c - '0');
    }
    return negative ? -value : value;
  }

  /** Parses {@code n} ASCII digits, or returns -1. */
  private static int digits(char[] s, int at, int n) {
    int v = 0;
    for (int i = at; i < at + n; i++) {
      char c = s[i];
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  static int monthLength(int year, int month) {
    switch (month) {
      case 2:
        boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return leap ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
  static long daysFromCivil(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }

  /** True if {@code s[begin, end)} is empty or only ASCII whitespace. */
  static boolean isBlank(char[] s, int begin, int end) {
    for (int i = begin; i < end; i++) {
      if (s[i] > ' ') {
        return false;
      }
    }
    return true;
  }

  /** Text for a reason, cut to 60 characters. */
  static String quoteForReason(char[] s, int begin, int end) {
    int len = Math.min(end - begin, 60);
    return '"' + new String(s, begin, len) + (end - begin > 60 ? "…\"" : "\"");
  }

  /** Text for a reason, cut to 60 characters. */
  static String quoteForReason(String s) {
    return s.length() > 60 ? '"' + s.substring(0, 60) + "…\"" : '"' + s + '"';
  }
}

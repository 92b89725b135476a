package io.tidemark.streaming;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints durations with a unit, as the command line and configuration take them:
 * {@code 200ms}, {@code 1s}, {@code 5m}, {@code 2h}. A bare number is rejected: the unit is
 * never guessed. Thread-safe (stateless).
 */
public final class Durations {
  private static final Pattern FORMAT =
      Pattern.compile("\\s*(\\d+)\\s*(ms|s|m|min|h)\\s*", Pattern.CASE_INSENSITIVE);

  private Durations() {}

  /**
   * Parses {@code text} such as {@code "200ms"}, {@code "1s"}, {@code "5m"}, {@code "2h"}.
   *
   * @throws IllegalArgumentException if the text has no unit, an unknown unit or is negative
   */
  public static Duration parse(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "invalid duration '" + text + "': expected a whole number with a unit, e.g. 200ms, 1s, 5m, 2h");
    }
    long amount = Long.parseLong(m.group(1));
    switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
      case "min":
        return Duration.ofMinutes(amount);
      default:
        return Duration.ofHours(amount);
    }
  }

  /** Prints {@code d} in the largest unit that represents it exactly, e.g. {@code 1500ms}, {@code 2s}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms != 0 && ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms != 0 && ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms != 0 && ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}

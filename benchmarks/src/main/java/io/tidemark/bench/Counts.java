package io.tidemark.bench;

import java.util.Locale;

/** Counts on the benchmarks' command lines: {@code 1000000}, {@code 1M}, {@code 10m}, {@code 500k}, {@code 1_000}. */
public final class Counts {
  private Counts() {}

  /**
   * Parses a count with an optional {@code k} (thousand) or {@code m} (million) suffix.
   *
   * @throws NumberFormatException if it is not a number
   */
  public static long parse(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT).replace("_", "");
    long mult = 1;
    if (t.endsWith("k")) {
      mult = 1_000;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      mult = 1_000_000;
      t = t.substring(0, t.length() - 1);
    }
    return Math.round(Double.parseDouble(t) * mult);
  }
}

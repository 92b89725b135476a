package io.tidemark.bench.state;

import java.util.Locale;

/** How a synthetic record picks one of {@code n} existing keys {@code 0..n-1}. */
enum KeyDistribution {
  /** Every key equally likely. */
  UNIFORM,
  /**
   * Zipf-like with exponent 1: key {@code ⌊(n+1)^u⌋ − 1} for u uniform in [0, 1), so
   * P(key = r) = ln((r+2)/(r+1)) ≈ 1/(r+1.5) / ln(n+1); key 0 is the hottest. With n = 100 M the
   * 1,000 hottest keys take ~37 % of the records.
   */
  ZIPF;

  /** The key for a 64-bit hash {@code h} (uniformly distributed bits), among {@code n ≥ 1} keys. */
  long pick(long h, long n) {
    switch (this) {
      case UNIFORM:
        return Math.floorMod(h, n);
      case ZIPF: {
        double u = (h >>> 11) * 0x1.0p-53;
        long k = (long) Math.floor(Math.exp(u * Math.log(n + 1.0))) - 1;
        return Math.max(0, Math.min(n - 1, k));
      }
      default:
        throw new AssertionError(this);
    }
  }

  static KeyDistribution parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

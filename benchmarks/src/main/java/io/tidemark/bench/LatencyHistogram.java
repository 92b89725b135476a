package io.tidemark.bench;

/**
 * A small log-linear histogram of latencies in nanoseconds (16 sub-buckets per power of two,
 * so a quantile is exact to about 6 %). Not thread-safe: one per thread, merged at the end.
 */
final class LatencyHistogram {

  private static final int SUB_BITS = 4;
  private static final int SUB = 1 << SUB_BITS;
  private final long[] counts = new long[64 * SUB];
  private long total;

  void record(long nanos) {
    counts[index(Math.max(1, nanos))]++;
    total++;
  }

  void merge(LatencyHistogram other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
  }

  long count() {
    return total;
  }

  /** The upper bound of the bucket holding quantile {@code q} (0..1), in nanoseconds. */
  long quantile(double q) {
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= Math.max(1, rank)) {
        return upperBound(i);
      }
    }
    return upperBound(counts.length - 1);
  }

  private static int index(long v) {
    int msb = 63 - Long.numberOfLeadingZeros(v);
    if (msb < SUB_BITS) {
      return (int) v; // values below SUB are exact
    }
    int sub = (int) ((v >>> (msb - SUB_BITS)) & (SUB - 1));
    return (msb - SUB_BITS + 1) * SUB + sub;
  }

  private static long upperBound(int index) {
    int major = index / SUB;
    int sub = index % SUB;
    if (major == 0) {
      return sub;
    }
    int msb = major + SUB_BITS - 1;
    long base = 1L << msb;
    long step = 1L << (msb - SUB_BITS);
    return base + (sub + 1L) * step - 1;
  }
}

package io.tidemark.cli.flights;

import io.tidemark.streaming.source.ReplayCursor;
import io.tidemark.streaming.source.ReplayInput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Full-scan throughput check of the flight readers: reads every record of each input and prints
 * records, malformed records, seconds, records per second and bytes allocated per record by the
 * reading thread.
 *
 * <p>Usage: {@code java -cp <cli classpath> io.tidemark.cli.flights.FlightScan [--repeat N]
 * [FILE | bundled]...}; with no file it scans the bundled sample. Each input is scanned
 * {@code N} times (default 3) and every scan is printed, so the first (cold JIT) can be told
 * apart from the rest.
 */
public final class FlightScan {

  private FlightScan() {}

  /** Result of one full scan. */
  record Result(long records, long malformed, long checksum, long nanos, long allocatedBytes) {
    double perSecond() {
      return records / (nanos / 1e9);
    }
  }

  /** Reads the whole input once. The checksum keeps the JIT from dropping the work. */
  static Result scan(ReplayInput<FlightRecord> input) throws IOException {
    long allocatedBefore = allocatedBytes();
    long start = System.nanoTime();
    long records = 0;
    long malformed = 0;
    long checksum = 0;
    try (ReplayCursor<FlightRecord> cursor = input.openAt(0)) {
      FlightRecord r;
      while ((r = cursor.next()) != null) {
        records++;
        if (r instanceof Flight f) {
          checksum += f.delay() + f.timeMillis() + f.origin().length();
        } else {
          malformed++;
        }
      }
    }
    long nanos = System.nanoTime() - start;
    return new Result(records, malformed, checksum, nanos, allocatedBytes() - allocatedBefore);
  }

  /** Bytes allocated so far by this thread, or -1 where the JVM cannot tell. */
  private static long allocatedBytes() {
    java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
    if (bean instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()) {
      return sun.getCurrentThreadAllocatedBytes();
    }
    return -1;
  }

  /**
   * Scans the given files.
   *
   * @param args {@code [--repeat N] [FILE | bundled]...}
   * @throws IOException if a file cannot be read
   */
  public static void main(String[] args) throws IOException {
    int repeat = 3;
    java.util.List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--repeat") && i + 1 < args.length) {
        repeat = Integer.parseInt(args[++i]);
      } else {
        names.add(args[i]);
      }
    }
    if (names.isEmpty()) {
      names.add("bundled");
    }
    for (String name : names) {
      ReplayInput<FlightRecord> input =
          name.equals("bundled") ? FlightInputs.bundledSample() : FlightInputs.open(Path.of(name));
      for (int i = 1; i <= repeat; i++) {
        Result r = scan(input);
        System.out.printf(Locale.ROOT,
            "%s scan %d: %,d records (%,d malformed) in %.3f s: %,.0f records/s, %.0f bytes allocated/record%n",
            input.description(), i, r.records(), r.malformed(), r.nanos() / 1e9, r.perSecond(),
            r.records() == 0 ? 0.0 : (double) r.allocatedBytes() / r.records());
      }
    }
  }
}

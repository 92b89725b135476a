package io.tidemark.cli.flights;

import io.tidemark.streaming.source.ReplayCursor;
import io.tidemark.streaming.source.ReplayInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The oracle of the flights job: computes the expected per-origin aggregate
 * {@code origin -> (count, sumDelay, maxDelay, delayedCount)} directly from an input, in one
 * plain pass without the streaming engine, and renders it as the CSV lines the job's output
 * (and {@code tidemark inspect --operator origin-stats --format csv}, after its header) is
 * compared against. Malformed records are skipped, as the job skips them.
 *
 * <p>Static and thread-safe.
 */
public final class FlightAggregates {

  private FlightAggregates() {}

  /**
   * Aggregates every flight of the input.
   *
   * @return origin to stats, sorted by origin (natural {@code String} order); never null
   * @throws IOException if the input cannot be read
   */
  public static SortedMap<String, OriginStats> byOrigin(ReplayInput<FlightRecord> input)
      throws IOException {
    return byOrigin(input, 0, Long.MAX_VALUE);
  }

  /**
   * Aggregates the flights at offsets {@code [fromOffset, untilOffset)} (e.g. the records of the
   * batches a job has completed).
   *
   * @param fromOffset first record index, {@code >= 0}
   * @param untilOffset end (exclusive); {@code Long.MAX_VALUE} for the end of the input
   * @throws IllegalArgumentException if {@code fromOffset < 0 || untilOffset < fromOffset}
   * @throws IOException if the input cannot be read
   */
  public static SortedMap<String, OriginStats> byOrigin(
      ReplayInput<FlightRecord> input, long fromOffset, long untilOffset) throws IOException {
    if (fromOffset < 0 || untilOffset < fromOffset) {
      throw new IllegalArgumentException("bad range [" + fromOffset + ", " + untilOffset + ")");
    }
    Map<String, MutableStats> acc = new java.util.HashMap<>();
    try (ReplayCursor<FlightRecord> cursor = input.openAt(fromOffset)) {
      FlightRecord r;
      while (cursor.position() < untilOffset && (r = cursor.next()) != null) {
        if (r instanceof Flight f) {
          acc.computeIfAbsent(f.origin(), k -> new MutableStats()).add(f.delay());
        }
      }
    }
    SortedMap<String, OriginStats> out = new TreeMap<>();
    acc.forEach((origin, s) -> out.put(origin,
        new OriginStats(s.count, s.sumDelay, s.maxDelay, s.delayedCount)));
    return out;
  }

  /**
   * Renders {@code origin,count,sumDelay,maxDelay,delayedCount} lines, no header, sorted by
   * origin: a {@link SortedMap} (such as those of {@link #byOrigin}) in its own order, any other
   * map in natural {@code String} order.
   */
  public static List<String> toCsvLines(Map<String, OriginStats> stats) {
    List<String> lines = new ArrayList<>(stats.size());
    Map<String, OriginStats> sorted = stats instanceof SortedMap ? stats : new TreeMap<>(stats);
    sorted.forEach((origin, s) -> lines.add(origin + "," + s.toCsvFields()));
    return lines;
  }

  /**
   * The expected output of the job over the whole input: {@link #toCsvLines} of
   * {@link #byOrigin(ReplayInput)}.
   *
   * @throws IOException if the input cannot be read
   */
  public static List<String> expectedCsvLines(ReplayInput<FlightRecord> input) throws IOException {
    return toCsvLines(byOrigin(input));
  }

  private static final class MutableStats {
    long count;
    long sumDelay;
    int maxDelay = Integer.MIN_VALUE;
    long delayedCount;

    void add(int delay) {
      count++;
      sumDelay += delay;
      maxDelay = Math.max(maxDelay, delay);
      if (OriginStats.isDelayed(delay)) {
        delayedCount++;
      }
    }
  }
}

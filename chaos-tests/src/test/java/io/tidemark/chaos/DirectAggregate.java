package io.tidemark.chaos;

import io.tidemark.cli.flights.FlightAggregates;
import io.tidemark.cli.job.FlightsJob;
import io.tidemark.streaming.source.ReplayCursor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result the job must reach, computed directly from its input ({@link FlightAggregates}): the
 * {@code tidemark inspect --operator origin-stats --format csv} output, and the number of input
 * records. Computed once per input and JVM.
 *
 * @param originStatsCsv the header, then one line per origin
 * @param records records in the input (malformed ones included)
 */
record DirectAggregate(List<String> originStatsCsv, long records) {
  static final String HEADER = "origin,count,sumDelay,maxDelay,delayedCount";
  private static final Map<Optional<java.nio.file.Path>, DirectAggregate> CACHE = new HashMap<>();

  static synchronized DirectAggregate of(JobShape shape) {
    return CACHE.computeIfAbsent(shape.input(), k -> {
      try {
        List<String> csv = new ArrayList<>();
        csv.add(HEADER);
        csv.addAll(FlightAggregates.expectedCsvLines(shape.openInput()));
        return new DirectAggregate(List.copyOf(csv), countRecords(shape));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static long countRecords(JobShape shape) throws IOException {
    try (ReplayCursor<?> cursor = shape.openInput().openAt(0)) {
      long n = 0;
      while (cursor.next() != null) {
        n++;
      }
      return n;
    }
  }

  /** The operator whose state is compared. */
  static String operator() {
    return FlightsJob.ORIGIN_STATS;
  }
}

package io.tidemark.cli.job;

import io.tidemark.cli.flights.DeadLetterWriter;
import io.tidemark.cli.flights.Flight;
import io.tidemark.cli.flights.FlightRecord;
import io.tidemark.cli.flights.FlightSocketReceiver;
import io.tidemark.cli.flights.MalformedRecord;
import io.tidemark.cli.flights.OriginStats;
import io.tidemark.streaming.Batch;
import io.tidemark.streaming.DStream;
import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.PairDStream;
import io.tidemark.streaming.ReplayDStream;
import io.tidemark.streaming.StreamingContext;
import io.tidemark.streaming.TidemarkConf;
import io.tidemark.streaming.source.ReplayInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The main job on US flight records: per origin airport, a running {@link OriginStats} via
 * updateStateByKey (operator {@value #ORIGIN_STATS}); per route {@code ORIGIN-DEST}, count and
 * mean delay over a 30-batch window sliding one batch, via reduceByKeyAndWindow with its
 * inverse (operator {@value #ROUTE_WINDOW}); malformed records to a dead-letter directory.
 * Its input is either the replay source (offset ranges of a file) or a
 * {@link FlightSocketReceiver} (record lines from a sender, exactly-once with the WAL).
 *
 * <p>With an output directory, every batch writes {@code origin-stats-<batchTimeMs>/part-00000}
 * (lines {@code origin,count,sumDelay,maxDelay,delayedCount}, sorted by origin, every origin in
 * state) and {@code route-window-<batchTimeMs>/part-00000} (lines {@code route,count,meanDelay},
 * sorted by route).
 */
public final class FlightsJob {
  public static final String ORIGIN_STATS = "origin-stats";
  public static final String ROUTE_WINDOW = "route-window";
  /** Window length of {@value #ROUTE_WINDOW}, in batches. */
  public static final int WINDOW_BATCHES = 30;

  private final BooleanSupplier inputExhausted;
  private final AtomicLong malformed;

  private FlightsJob(BooleanSupplier inputExhausted, AtomicLong malformed) {
    this.inputExhausted = inputExhausted;
    this.malformed = malformed;
  }

  /**
   * The name of the key column when printing an operator's state: {@code origin} for {@value
   * #ORIGIN_STATS}, {@code route} for {@value #ROUTE_WINDOW}, {@code key} otherwise.
   */
  public static String keyColumnName(String operatorUid) {
    switch (operatorUid) {
      case ORIGIN_STATS:
        return "origin";
      case ROUTE_WINDOW:
        return "route";
      default:
        return "key";
    }
  }

  /** Registers the job's state classes with Kryo. */
  public static TidemarkConf register(TidemarkConf conf) {
    return conf.registerKryoClasses(OriginStats.class, RouteDelay.class, Route.class);
  }

  /**
   * Defines the job on {@code ssc}.
   *
   * @param recordsPerBatch records each batch takes from the input
   * @param output directory for per-batch outputs, or empty for none
   * @param deadLetters where malformed records go
   */
  public static FlightsJob define(StreamingContext ssc, ReplayInput<FlightRecord> input, long recordsPerBatch,
      Optional<Path> output, DeadLetterWriter deadLetters) {
    ReplayDStream<FlightRecord> records = ssc.replayStream(input, recordsPerBatch);
    records.uid("flights-input");
    return define(ssc, records, records::isExhausted, output, deadLetters);
  }

  /**
   * Defines the job on {@code ssc} with a receiver as input: each batch takes the blocks the
   * receiver stored since the previous batch. Exactly-once needs the receiver write-ahead log
   * ({@code tidemark.streaming.receiver.writeAheadLog.enable} and a checkpoint directory).
   *
   * @param output directory for per-batch outputs, or empty for none
   * @param deadLetters where malformed records go
   */
  public static FlightsJob define(StreamingContext ssc, FlightSocketReceiver receiver, Optional<Path> output,
      DeadLetterWriter deadLetters) {
    DStream<FlightRecord> records = ssc.receiverStream(receiver).mapPartitions(lines -> {
      List<String> all = new ArrayList<>();
      lines.forEachRemaining(all::add);
      return FlightSocketReceiver.parse(all).iterator();
    });
    return define(ssc, records, receiver::isExhausted, output, deadLetters);
  }

  private static FlightsJob define(StreamingContext ssc, DStream<FlightRecord> records, BooleanSupplier exhausted,
      Optional<Path> output, DeadLetterWriter deadLetters) {
    DStream<FlightRecord> parsed = records.cache();
    AtomicLong malformed = new AtomicLong();
    parsed.filter(r -> r instanceof MalformedRecord).foreachBatch((batch, time) -> {
      List<MalformedRecord> bad = new ArrayList<>();
      for (FlightRecord r : batch.collect()) {
        bad.add((MalformedRecord) r);
      }
      if (!bad.isEmpty()) {
        try {
          deadLetters.write(time.milliseconds(), bad);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        malformed.addAndGet(bad.size());
      }
    });
    DStream<Flight> flights = parsed.filter(r -> r instanceof Flight).map(r -> (Flight) r);

    PairDStream<String, OriginStats> originStats = flights
        .mapToPair(f -> KeyValue.of(f.origin(), OriginStats.of(f)))
        .reduceByKey(OriginStats::plus)
        .<OriginStats>updateStateByKey((values, state) -> {
          OriginStats s = state.orElse(OriginStats.EMPTY);
          for (OriginStats v : values) {
            s = s.plus(v);
          }
          return Optional.of(s);
        })
        .uid(ORIGIN_STATS);

    Duration batch = ssc.batchDuration();
    PairDStream<Route, RouteDelay> routeWindow = flights
        .mapToPair(f -> KeyValue.of(new Route(f.origin(), f.destination()), RouteDelay.of(f)))
        .reduceByKeyAndWindow(RouteDelay::plus, RouteDelay::minus, batch.multipliedBy(WINDOW_BATCHES), batch, 0,
            kv -> kv.value().count() > 0)
        .uid(ROUTE_WINDOW);

    if (output.isPresent()) {
      Path dir = output.get();
      sortedLines(originStats, kv -> kv.key() + "," + kv.value().toCsvFields())
          .saveAsTextFiles(dir.resolve(ORIGIN_STATS).toString(), null);
      sortedLines(routeWindow, kv -> kv.key() + "," + kv.value().toCsvFields())
          .saveAsTextFiles(dir.resolve(ROUTE_WINDOW).toString(), null);
    } else {
      // Without outputs the operators still run every batch: count their state.
      originStats.foreachBatch(b -> { });
      routeWindow.foreachBatch(b -> { });
    }
    return new FlightsJob(exhausted, malformed);
  }

  private static <K, V> DStream<String> sortedLines(PairDStream<K, V> stream,
      java.util.function.Function<KeyValue<K, V>, String> format) {
    return stream.transform((Batch<KeyValue<K, V>> b) -> {
      List<KeyValue<K, V>> all = b.collect();
      all.sort(Comparator.comparing(kv -> kv.key().toString()));
      List<String> lines = new ArrayList<>(all.size());
      for (KeyValue<K, V> kv : all) {
        lines.add(format.apply(kv));
      }
      return b.newBatch(lines);
    });
  }

  /**
   * Whether the whole input is taken: for the replay source, a batch has read it to its end;
   * for a receiver, the sender announced its end and every record is stored (a graceful stop
   * then processes what is stored).
   */
  public boolean isInputExhausted() {
    return inputExhausted.getAsBoolean();
  }

  /** Malformed records seen so far. */
  public long malformedRecords() {
    return malformed.get();
  }
}

package io.tidemark.bench.spark;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.Optional;
import org.apache.spark.streaming.Duration;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaPairDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.BatchInfo;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * Tidemark's flights job ({@code tidemark run flights}) on Apache Spark Streaming, for the
 * side-by-side benchmark: per origin airport running statistics with updateStateByKey (after a
 * reduceByKey within the batch); per route {@code ORIGIN-DEST} count and summed delay over a
 * 30-batch window sliding one batch with reduceByKeyAndWindow and its inverse, dropping routes
 * whose count fell to 0; both state streams data-checkpointed every {@code --checkpoint-batches} (10) batches; each output
 * materialised with {@code count()} every batch (Tidemark: an empty {@code foreachBatch}).
 *
 * <pre>
 * java --add-opens… -cp target/classes:$(cat target/spark-classpath.txt) io.tidemark.bench.spark.SparkFlightsJob \
 *     --input FILE.csv --batch-interval-ms 1000 --records-per-batch 50000 --cores 2 \
 *     [--checkpoint DIR] [--checkpoint-batches 10] [--local-dir DIR] [--serializer kryo|java] [--until-exhausted]
 * </pre>
 *
 * <p>Prints one line per completed batch in the format of Tidemark's status line: {@code batch
 * <timeMs>: <n> records, processing <ms> ms, scheduling delay <ms> ms}; with {@code
 * --until-exhausted}, once the last batch holding input has completed, it prints {@code done: …} and stops (not gracefully: queued empty batches are dropped). With {@code --checkpoint} it starts with
 * {@code getOrCreate}, so a restart with the same directory resumes.
 */
public final class SparkFlightsJob {
  /** Window length of the route window, in batches (as Tidemark's FlightsJob). */
  static final int WINDOW_BATCHES = 30;

  private SparkFlightsJob() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = parse(args);
    String input = required(opts, "--input");
    long intervalMs = Long.parseLong(opts.getOrDefault("--batch-interval-ms", "1000"));
    long perBatch = Long.parseLong(opts.getOrDefault("--records-per-batch", "50000"));
    int cores = Integer.parseInt(opts.getOrDefault("--cores",
        Integer.toString(Runtime.getRuntime().availableProcessors())));
    String checkpoint = opts.get("--checkpoint");
    int checkpointBatches = Integer.parseInt(opts.getOrDefault("--checkpoint-batches", "10"));
    boolean untilExhausted = opts.containsKey("--until-exhausted");

    SparkConf conf = new SparkConf()
        .setMaster("local[" + cores + "]")
        .setAppName("tidemark-bench-flights")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.default.parallelism", Integer.toString(cores));
    if (opts.containsKey("--local-dir")) {
      conf.set("spark.local.dir", opts.get("--local-dir"));
    }
    if (!"java".equals(opts.get("--serializer"))) {
      // Spark's tuning guide recommends Kryo; registration is optional (not required here).
      conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
          .registerKryoClasses(new Class<?>[] {SparkFlight.class, SparkOriginStats.class, SparkRouteDelay.class});
    }

    org.apache.spark.api.java.function.Function0<JavaStreamingContext> factory =
        () -> define(conf, input, intervalMs, perBatch, cores, checkpoint, checkpointBatches);
    JavaStreamingContext jssc = checkpoint == null ? factory.call()
        : JavaStreamingContext.getOrCreate(checkpoint, factory);
    jssc.sparkContext().setLogLevel("WARN");

    AtomicLong processed = new AtomicLong();
    AtomicLong batches = new AtomicLong();
    AtomicLong lastCompleted = new AtomicLong(Long.MIN_VALUE);
    jssc.addStreamingListener(new StreamingListener() {
      @Override
      public void onBatchCompleted(StreamingListenerBatchCompleted completed) {
        BatchInfo info = completed.batchInfo();
        long t = info.batchTime().milliseconds();
        int records = LineSliceInputDStream.RECORDS_BY_BATCH.getOrDefault(t, 0);
        processed.addAndGet(records);
        batches.incrementAndGet();
        System.out.printf("batch %d: %,d records, processing %d ms, scheduling delay %d ms%n", t, records,
            (Long) info.processingDelay().getOrElse(() -> -1L), (Long) info.schedulingDelay().getOrElse(() -> -1L));
        System.out.flush();
        lastCompleted.accumulateAndGet(t, Math::max);
      }
    });
    System.out.printf("spark: flights job on %s, %,d records per batch every %d ms, local[%d], JVM up %d ms%n",
        input, perBatch, intervalMs, cores, ManagementFactory.getRuntimeMXBean().getUptime());
    System.out.flush();
    long start = System.nanoTime();
    jssc.start();
    if (!untilExhausted) {
      jssc.awaitTermination();
      return;
    }
    while (lastCompleted.get() < LineSliceInputDStream.exhaustedAt) {
      if (jssc.awaitTerminationOrTimeout(100)) {
        System.exit(1);
      }
    }
    // Not graceful: the statistics are complete, and a graceful stop would first run the
    // backlog of (empty) batches queued behind a slow batch.
    jssc.stop(true, false);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("done: %,d records in %d batches, %.1f s, %,.0f records/s%n", processed.get(), batches.get(),
        seconds, processed.get() / seconds);
    System.out.flush();
    System.exit(0);
  }

  static JavaStreamingContext define(SparkConf conf, String input, long intervalMs, long perBatch, int cores,
      String checkpoint, int checkpointBatches) {
    Duration batch = new Duration(intervalMs);
    JavaStreamingContext jssc = new JavaStreamingContext(conf, batch);
    if (checkpoint != null) {
      jssc.checkpoint(checkpoint);
    }
    LineSliceInputDStream in = new LineSliceInputDStream(jssc.ssc(), input, perBatch, cores);
    JavaDStream<String> lines = new JavaDStream<>(in, ClassTag$.MODULE$.apply(String.class));
    JavaDStream<SparkFlight> flights = lines.map(SparkFlight::parse).filter(Objects::nonNull).cache();

    JavaPairDStream<String, SparkOriginStats> originStats = flights
        .mapToPair(f -> new Tuple2<>(f.origin, SparkOriginStats.of(f)))
        .reduceByKey(SparkOriginStats::plus)
        .updateStateByKey((List<SparkOriginStats> values, Optional<SparkOriginStats> state) -> {
          SparkOriginStats s = state.orElse(SparkOriginStats.EMPTY);
          for (SparkOriginStats v : values) {
            s = s.plus(v);
          }
          return Optional.of(s);
        });
    JavaPairDStream<String, SparkRouteDelay> routeWindow = flights
        .mapToPair(f -> new Tuple2<>(f.origin + "-" + f.destination, SparkRouteDelay.of(f)))
        .reduceByKeyAndWindow(SparkRouteDelay::plus, SparkRouteDelay::minus, batch.times(WINDOW_BATCHES), batch, cores,
            kv -> kv._2().count > 0);
    if (checkpoint != null) {
      originStats.checkpoint(batch.times(checkpointBatches));
      routeWindow.checkpoint(batch.times(checkpointBatches));
    }
    originStats.foreachRDD(rdd -> {
      rdd.count();
    });
    routeWindow.foreachRDD(rdd -> {
      rdd.count();
    });
    return jssc;
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--until-exhausted")) {
        opts.put(args[i], "true");
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        opts.put(args[i], args[++i]);
      } else {
        throw new IllegalArgumentException("unknown argument " + args[i] + " (see the class documentation)");
      }
    }
    return opts;
  }

  private static String required(Map<String, String> opts, String name) {
    String v = opts.get(name);
    if (v == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return v;
  }
}

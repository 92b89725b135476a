package io.tidemark.cli;

import io.tidemark.cli.flights.DeadLetterWriter;
import io.tidemark.cli.flights.FlightInputs;
import io.tidemark.cli.flights.FlightRecord;
import io.tidemark.cli.flights.FlightSocketReceiver;
import io.tidemark.cli.job.FlightsJob;
import io.tidemark.streaming.BatchInfo;
import io.tidemark.streaming.Durations;
import io.tidemark.streaming.StreamingContext;
import io.tidemark.streaming.StreamingListener;
import io.tidemark.streaming.TidemarkConf;
import io.tidemark.streaming.source.ReplayInput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tidemark run flights}: the main job on US flight records (see {@link FlightsJob}),
 * fed by the replay source at {@code --rate} records per second, or with {@code --source
 * socket} by a {@link FlightSocketReceiver} connected to a {@code tidemark send flights}
 * sender; one status line per batch.
 */
@Command(name = "flights", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Per-origin running statistics (updateStateByKey, operator origin-stats) and per-route",
        "30-batch sliding window (reduceByKeyAndWindow with inverse, operator route-window) over",
        "US flight records (vega-datasets 3.2.1, BSD-3-Clause). Without --input it replays the",
        "bundled 20,000-record sample. With --source socket it receives records from a sender",
        "(tidemark send flights), exactly-once with --checkpoint."})
public final class RunFlightsCommand implements Callable<Integer> {

  /** Where the records come from. */
  enum Source { replay, socket }

  @Option(names = "--source", paramLabel = "replay|socket", defaultValue = "replay",
      description = "replay: offset ranges of --input (default); socket: a receiver connected to --socket.")
  Source source;

  @Option(names = "--socket", paramLabel = "HOST:PORT",
      description = "With --source socket: the sender (tidemark send flights) to connect to.")
  String socket;

  @Option(names = "--block-records", paramLabel = "N", defaultValue = "500",
      description = "With --source socket: most records per received block (default ${DEFAULT-VALUE}); a block is also cut after 200ms.")
  int blockRecords;

  @Option(names = "--input", paramLabel = "FILE",
      description = "Flights as JSON (array or lines), CSV date,delay,distance,origin,destination, or Parquet. Default: the bundled sample.")
  Path input;

  @Option(names = "--batch-interval", paramLabel = "DURATION", defaultValue = "1s",
      description = "Batch interval with a unit, e.g. 500ms, 1s (default ${DEFAULT-VALUE}).")
  Duration batchInterval;

  @Option(names = "--rate", paramLabel = "RECORDS_PER_S", defaultValue = "2000",
      description = "Records per second the replay source hands out (with --source socket: the receiver's maximum rate); 0 = no limit (each batch takes up to --max-batch-records). Default ${DEFAULT-VALUE}.")
  long rate;

  @Option(names = "--max-batch-records", paramLabel = "N", defaultValue = "1000000",
      description = "Records per batch when --rate is 0 (default ${DEFAULT-VALUE}).")
  long maxBatchRecords;

  @Option(names = "--until-exhausted",
      description = "Stop gracefully once every input record is processed; exit code 0.")
  boolean untilExhausted;

  @Option(names = "--output", paramLabel = "DIR",
      description = "Save every batch: DIR/origin-stats-<batchTimeMs>/part-00000 and DIR/route-window-<batchTimeMs>/part-00000.")
  Path output;

  @Option(names = "--dead-letter", paramLabel = "DIR",
      description = "Where malformed records go (dead-letter-<batchTimeMs>.jsonl). Default: DIR/dead-letter with --output, else ./tidemark-dead-letter.")
  Path deadLetter;

  @Option(names = "--checkpoint", paramLabel = "DIR|URI",
      description = "Checkpoint directory (local path, hdfs://, s3a://). Restarting with the same directory resumes the job exactly where it stopped.")
  String checkpoint;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Local RocksDB state (with --checkpoint: kept across restarts; default under java.io.tmpdir, derived from the checkpoint URI).")
  Path stateDir;

  @Option(names = "--checkpoint-interval", paramLabel = "DURATION",
      description = "Time between data checkpoints, a multiple of the batch interval (default: the smallest multiple >= 10s).")
  Duration checkpointInterval;

  @Option(names = "--partitions", paramLabel = "N",
      description = "Partitions of keyed operations and task threads (default: number of cores).")
  Integer partitions;

  @Option(names = "--state-backend", paramLabel = "rocksdb|memory", defaultValue = "rocksdb",
      description = "Where operator state lives (default ${DEFAULT-VALUE}).")
  String stateBackend;

  @CommandLine.Mixin
  HadoopOptions hadoop;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (rate < 0 || maxBatchRecords < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be >= 0 and --max-batch-records >= 1");
    }
    long perBatch = rate == 0 ? maxBatchRecords
        : Math.max(1, Math.round(rate * (batchInterval.toMillis() / 1000.0)));
    if (perBatch > Integer.MAX_VALUE) {
      throw new CommandLine.ParameterException(spec.commandLine(), "a batch holds at most " + Integer.MAX_VALUE
          + " records, but --rate and --batch-interval or --max-batch-records ask for " + perBatch);
    }
    FlightSocketReceiver receiver = source == Source.socket ? socketReceiver() : null;
    if (receiver == null && socket != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--socket needs --source socket");
    }
    ReplayInput<FlightRecord> records = receiver != null ? null
        : input == null ? FlightInputs.bundledSample() : FlightInputs.open(input);
    Path deadLetterDir = deadLetter != null ? deadLetter
        : output != null ? output.resolve("dead-letter") : Path.of("tidemark-dead-letter");

    TidemarkConf conf = FlightsJob.register(new TidemarkConf())
        .set(TidemarkConf.STATE_BACKEND, stateBackend)
        .set(TidemarkConf.STOP_GRACEFULLY_ON_SHUTDOWN, "true")
        // --until-exhausted stops with a backlog of queued (empty) batches: give them time
        .set(TidemarkConf.GRACEFUL_STOP_TIMEOUT, "10m");
    if (receiver != null) {
      // With a checkpoint, blocks go through the WAL: exactly-once with stored positions.
      conf.set(TidemarkConf.RECEIVER_WAL_ENABLE, Boolean.toString(checkpoint != null))
          .set(TidemarkConf.RECEIVER_MAX_RATE, Long.toString(rate));
    }
    if (partitions != null) {
      conf.set(TidemarkConf.PARTITIONS, Integer.toString(partitions));
    }
    if (stateDir != null) {
      conf.set(TidemarkConf.STATE_DIR, stateDir.toString());
    }
    if (checkpointInterval != null) {
      conf.set(TidemarkConf.CHECKPOINT_INTERVAL, Durations.format(checkpointInterval));
    }
    FlightsJob[] defined = new FlightsJob[1];
    java.util.function.Supplier<StreamingContext> factory = () -> {
      StreamingContext c = new StreamingContext(conf, batchInterval);
      DeadLetterWriter deadLetters = new DeadLetterWriter(deadLetterDir);
      defined[0] = receiver != null
          ? FlightsJob.define(c, receiver, Optional.ofNullable(output), deadLetters)
          : FlightsJob.define(c, records, perBatch, Optional.ofNullable(output), deadLetters);
      return c;
    };
    try (StreamingContext ssc = checkpoint == null ? factory.get()
        : hadoop.settings.isEmpty() ? StreamingContext.getOrCreate(checkpoint, factory) // no Hadoop for a local path
        : StreamingContext.getOrCreate(checkpoint, hadoop.configuration(), factory)) {
      FlightsJob job = defined[0];
      CountDownLatch exhausted = new CountDownLatch(1);
      AtomicLong processed = new AtomicLong();
      AtomicLong batches = new AtomicLong();
      ssc.addStreamingListener(new StreamingListener() {
        @Override
        public void onBatchCompleted(BatchInfo info) {
          processed.addAndGet(info.numRecords());
          batches.incrementAndGet();
          out.println(statusLine(info, job.malformedRecords()));
          out.flush();
          if (job.isInputExhausted()) {
            exhausted.countDown();
          }
        }
      });
      if (receiver != null) {
        out.printf("tidemark: flights job receiving from %s%s, a batch every %s%n", socket,
            checkpoint != null ? " (write-ahead log on: exactly-once)" : " (no checkpoint: records in memory only)",
            Durations.format(batchInterval));
      } else {
        out.printf("tidemark: flights job on %s, %s records per batch every %s%n", records.description(),
            String.format("%,d", perBatch), Durations.format(batchInterval));
      }
      out.flush();
      long start = System.nanoTime();
      ssc.start();
      if (untilExhausted) {
        while (!exhausted.await(100, TimeUnit.MILLISECONDS)) {
          if (ssc.awaitTerminationOrTimeout(1)) {
            return 1; // stopped without a failure: cannot happen unless stopped externally
          }
        }
        ssc.stop(true);
        ssc.awaitTermination();
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("tidemark: done: %,d records (%,d malformed) in %d batches, %.1f s, %,.0f records/s%n",
            processed.get(), job.malformedRecords(), batches.get(), seconds, processed.get() / seconds);
        if (job.malformedRecords() > 0) {
          out.printf("tidemark: malformed records were written to %s%n", deadLetterDir.toAbsolutePath());
        }
        out.flush();
        return 0;
      }
      ssc.awaitTermination();
      return 0;
    }
  }

  private FlightSocketReceiver socketReceiver() {
    if (input != null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--input is for --source replay; with --source socket the sender reads the file (tidemark send flights --input FILE)");
    }
    if (socket == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--source socket needs --socket HOST:PORT");
    }
    int colon = socket.lastIndexOf(':');
    int port;
    try {
      port = colon > 0 ? Integer.parseInt(socket.substring(colon + 1)) : -1;
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535 || blockRecords < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--socket takes HOST:PORT with a port in 1..65535 and --block-records >= 1, got " + socket);
    }
    return new FlightSocketReceiver(socket.substring(0, colon), port, blockRecords, Duration.ofMillis(200));
  }

  static String statusLine(BatchInfo info, long malformedSoFar) {
    String keys = info.stateKeys().entrySet().stream()
        .map(e -> e.getKey() + " " + String.format("%,d", e.getValue()))
        .collect(Collectors.joining(", "));
    return String.format("batch %d: %,d records, processing %d ms, scheduling delay %d ms, state keys %,d (%s)%s",
        info.batchTime().milliseconds(), info.numRecords(), info.processingDelay(), info.schedulingDelay(),
        info.totalStateKeys(), keys, malformedSoFar > 0 ? String.format(", malformed so far %,d", malformedSoFar) : "");
  }

}

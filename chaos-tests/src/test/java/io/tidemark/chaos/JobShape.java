package io.tidemark.chaos;

import io.tidemark.cli.flights.FlightInputs;
import io.tidemark.cli.flights.FlightRecord;
import io.tidemark.streaming.Durations;
import io.tidemark.streaming.source.ReplayInput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the flights job under test runs: its input, its pace and the child JVM's heap. Every run of
 * one episode (and the failure-free reference run it is compared with) uses the same shape, so
 * batch {@code k} of every run reads the same offset range.
 *
 * @param input the flights file, or empty for the bundled 20,000-record sample
 * @param recordsPerBatch records the replay source hands each batch ({@code --rate} × interval)
 * @param batchInterval the batch interval
 * @param checkpointInterval time between data checkpoints, a multiple of the batch interval
 * @param childHeap the child JVM's {@code -Xmx}, e.g. {@code 512m}
 * @param runTimeout bound on one run that is left to finish (a failure if it takes longer)
 * @param killWindow random {@code kill -9} instants fall between 300 ms and this long after a
 *     child's start
 * @param childJvmOptions more options of the child JVM
 */
record JobShape(Optional<Path> input, long recordsPerBatch, Duration batchInterval, Duration checkpointInterval,
    String childHeap, Duration runTimeout, Duration killWindow, List<String> childJvmOptions) {

  /**
   * The short form: the bundled sample, 2,000 records every second (10 batches of input, 10 s).
   * Every restart generates the batch times it missed back to back (5–10 s of JVM start and
   * restore here), and a cold JVM takes 300–800 ms a batch: a shorter interval would make every
   * restart queue a long backlog and slow the suite down without finding more. The children run
   * with C1 only and the serial collector: some fifty short-lived JVMs on two cores start 15–35 %
   * faster that way (measured here), so recovery times in the short form's table are lower bounds
   * of a default JVM's; the soak uses the JVM's defaults.
   */
  static JobShape shortForm() {
    return new JobShape(Optional.empty(), 2_000, Duration.ofSeconds(1), Duration.ofSeconds(2), "512m",
        Duration.ofMinutes(3), Duration.ofSeconds(8), List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
  }

  /**
   * The soak: {@code file} (flights-3m), 100,000 records every 5 s (30 batches of input, 150 s).
   * With 1 s batches a restart (10–15 s on a loaded machine) owed more missed batches than the
   * next short run could catch up with, so runs ended by SIGTERM or a kill soon after their first
   * new batch fell further behind with every restart and an episode never reached the end.
   */
  static JobShape soak(Path file) {
    return new JobShape(Optional.of(file), 100_000, Duration.ofSeconds(5), Duration.ofSeconds(10), "1g",
        Duration.ofMinutes(15), Duration.ofSeconds(25), List.of());
  }

  /** Records per second, as {@code --rate} takes it. */
  long rate() {
    return Math.round(recordsPerBatch * 1000.0 / batchInterval.toMillis());
  }

  /** The arguments of {@code tidemark} for one run on these directories. */
  List<String> runArgs(JobDirs dirs) {
    List<String> args = new ArrayList<>(List.of("run", "flights", "--until-exhausted",
        "--rate", Long.toString(rate()), "--batch-interval", Durations.format(batchInterval),
        "--checkpoint-interval", Durations.format(checkpointInterval),
        "--checkpoint", dirs.checkpointLocation().uri(), "--state-dir", dirs.stateDir().toString(),
        "--output", dirs.output().toString()));
    args.addAll(dirs.checkpointLocation().hadoopArgs());
    if (!dirs.batchesReplayable()) {
      args.addAll(dirs.sourceArgs()); // the sender reads the input
      return args;
    }
    input.ifPresent(f -> {
      args.add("--input");
      args.add(f.toAbsolutePath().toString());
    });
    return args;
  }

  /** The input, opened for the direct aggregate. */
  ReplayInput<FlightRecord> openInput() throws IOException {
    return input.isPresent() ? FlightInputs.open(input.get()) : FlightInputs.bundledSample();
  }

  /** A short description for logs and the summary, e.g. {@code bundled sample, 2,000 records / 1s batch}. */
  String describe() {
    return String.format("%s, %,d records / %s batch", input.map(Path::toString).orElse("bundled sample"),
        recordsPerBatch, Durations.format(batchInterval));
  }
}

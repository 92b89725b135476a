package io.tidemark.bench.e2e;

import io.tidemark.bench.BenchDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 7, point 1: the flights job end to end, Tidemark ({@code tidemark run flights}) and
 * Apache Spark Streaming ({@code io.tidemark.bench.spark.SparkFlightsJob}) side by side on the
 * same CSV lines, same batch interval, records per batch, data-checkpoint interval (local disk),
 * cores and heap. Each round runs, per system, (1) the whole input with {@code
 * --until-exhausted} — batch processing times from the child's per-batch lines, peak RSS,
 * checkpoint directory size — and (2) a fresh run killed with SIGKILL after {@code --kill-after}
 * batches, then restarted on the same directories {@code --restart-delay-ms} (default: one batch
 * interval) after the kill: process start → first batch completed. The delay makes a batch due
 * by the time either system is ready (see {@link JobShape#restartDelayMs}). The order of the
 * systems alternates between rounds; the report gives medians over rounds.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.tidemark.bench.e2e.SideBySideBenchmark \
 *     [--root .] [--input data/flights-3m.csv] [--rounds 3] [--records-per-batch 50000] \
 *     [--batch-interval-ms 1000] [--checkpoint-batches 10] [--cores N] [--heap 2g] \
 *     [--kill-after 15] [--restart-delay-ms INTERVAL] [--systems tidemark,spark] [--dir DIR] [--out e2e.md] [--timeout-s 1800] \
 *     [--tenfold-run true] [--tenfold-runs 3] [--tenfold-batches 120]
 * </pre>
 *
 * <p>After the rounds (with both systems and {@code --tenfold-run true}) {@code --tenfold-runs}
 * more full Tidemark runs, one after the other, are fed 10× Spark's median sustained rate:
 * {@code ceil(10 × rate × interval)} records per batch at the same interval; the report gives
 * the median over those runs of each run's p99 against the interval (issue 7: p99 below the
 * batch interval at that rate; a median over runs, as every other figure, because one run's p99
 * moves with this machine's noise) and lists every run's batch processing times. So that a run's
 * p99 is a percentile and not just its slowest (first, JIT-cold) batch, each run has at least
 * {@code --tenfold-batches} batches: when the input is too short for that, they read a file made
 * of the input repeated whole as many times as needed (a longer stream of the same flights; the
 * job keys by route and origin, not by time).
 *
 * <p>Needs the cli built ({@code cli/target/tidemark-cli.jar} and {@code lib/}) and the Spark
 * peer built ({@code mvn -f benchmarks/spark/pom.xml package}); {@code scripts/bench.sh} does both.
 */
public final class SideBySideBenchmark {
  private Path root = Path.of(".").toAbsolutePath().normalize();
  private Path input;
  private int rounds = 3;
  private long recordsPerBatch = 50_000;
  private long batchIntervalMs = 1000;
  private int checkpointBatches = 10;
  private int cores = Runtime.getRuntime().availableProcessors();
  private String heap = "2g";
  private int killAfter = 15;
  private Long restartDelayMs; // default: one batch interval
  private List<String> systems = List.of("tidemark", "spark");
  private Path dir;
  private Path out;
  private long timeoutSeconds = 1800;
  private boolean tenXRate = true;
  private int tenfoldRuns = 3;
  private int tenfoldBatches = 120;

  public static void main(String[] args) throws Exception {
    SideBySideBenchmark b = new SideBySideBenchmark();
    b.parse(args);
    b.run();
  }

  private void parse(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--root" -> root = Path.of(v).toAbsolutePath().normalize();
        case "--input" -> input = Path.of(v).toAbsolutePath();
        case "--rounds" -> rounds = Integer.parseInt(v);
        case "--records-per-batch" -> recordsPerBatch = Long.parseLong(v);
        case "--batch-interval-ms" -> batchIntervalMs = Long.parseLong(v);
        case "--checkpoint-batches" -> checkpointBatches = Integer.parseInt(v);
        case "--cores" -> cores = Integer.parseInt(v);
        case "--heap" -> heap = v;
        case "--kill-after" -> killAfter = Integer.parseInt(v);
        case "--restart-delay-ms" -> restartDelayMs = Long.parseLong(v);
        case "--systems" -> systems = List.of(v.split(","));
        case "--dir" -> dir = Path.of(v);
        case "--out" -> out = Path.of(v);
        case "--timeout-s" -> timeoutSeconds = Long.parseLong(v);
        case "--tenfold-run" -> tenXRate = Boolean.parseBoolean(v);
        case "--tenfold-runs" -> tenfoldRuns = Integer.parseInt(v);
        case "--tenfold-batches" -> tenfoldBatches = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown argument " + a + " (see the class documentation)");
      }
      i++;
    }
    if (tenfoldRuns < 1) {
      throw new IllegalArgumentException("--tenfold-runs must be >= 1: " + tenfoldRuns);
    }
    if (restartDelayMs == null) {
      restartDelayMs = batchIntervalMs;
    } else if (restartDelayMs < 0) {
      throw new IllegalArgumentException("--restart-delay-ms must be >= 0: " + restartDelayMs);
    }
  }

  private void run() throws Exception {
    if (input == null) {
      input = root.resolve("data/flights-3m.csv");
    }
    if (!Files.isRegularFile(input)) {
      throw new IllegalStateException(input + " is missing: see FlightsCsvExport (scripts/bench.sh makes it)");
    }
    JobShape shape = new JobShape(input, batchIntervalMs, recordsPerBatch, checkpointBatches, cores, heap,
        restartDelayMs);
    List<FlightsJobCommand> commands = new ArrayList<>();
    for (String s : systems) {
      commands.add(switch (s) {
        case "tidemark" -> new TidemarkFlightsCommand(root, shape);
        case "spark" -> new SparkFlightsCommand(root.resolve("benchmarks/spark"), shape);
        default -> throw new IllegalArgumentException("--systems takes tidemark and/or spark, got " + s);
      });
    }
    Path scratch = dir != null ? Files.createDirectories(dir) : BenchDirs.newScratchDir("e2e-");
    System.out.printf("end-to-end flights benchmark: %s, %d rounds, %,d records per batch, %d ms batches, "
        + "checkpoint every %d batches, %d cores, -Xmx%s, kill -9 after %d batches; scratch %s%n", input, rounds,
        recordsPerBatch, batchIntervalMs, checkpointBatches, cores, heap, killAfter, scratch);
    List<E2eRun> runs = new ArrayList<>();
    E2eReport.TenfoldRuns tenX = null;
    try {
      for (int r = 1; r <= rounds; r++) {
        List<FlightsJobCommand> order = new ArrayList<>(commands);
        if (r % 2 == 0) {
          java.util.Collections.reverse(order);
        }
        for (FlightsJobCommand c : order) {
          E2eRun run = round(c, r, scratch.resolve("round-" + r + "/" + c.name()));
          runs.add(run);
          System.out.printf(Locale.ROOT, "round %d %-8s: %,d records in %d batches, %,.0f records/s, p50 %d ms, "
              + "p99 %d ms, peak RSS %,d MiB, checkpoint %.2f MiB, restart %,d ms (load %.2f)%n", r, c.name(),
              run.records(), run.batches(), run.sustainedRecordsPerSecond(), run.p50Ms(), run.p99Ms(),
              run.peakRssKib() / 1024, run.checkpointBytes() / 1048576.0, run.restartMs(), run.loadAverage());
        }
      }
      if (tenXRate && systems.contains("tidemark") && systems.contains("spark")) {
        tenX = tenXRuns(shape, runs, scratch.resolve("tenfold"));
      }
    } finally {
      String md = new E2eReport(shape, runs, tenX).markdown() + commandsBlock(commands, scratch);
      System.out.println();
      System.out.println(md);
      if (out != null) {
        Files.writeString(out, md, StandardCharsets.UTF_8);
      }
      if (dir == null) {
        BenchDirs.deleteRecursively(scratch);
      }
    }
  }

  /**
   * {@code --tenfold-runs} full Tidemark runs at 10× Spark's median sustained rate, the interval
   * unchanged, on one input file.
   */
  private E2eReport.TenfoldRuns tenXRuns(JobShape shape, List<E2eRun> runs, Path base)
      throws IOException, InterruptedException {
    List<E2eRun> spark = runs.stream().filter(r -> r.system().equals("spark")).toList();
    double sparkRate = E2eReport.median(spark, E2eRun::sustainedRecordsPerSecond);
    long perBatch = (long) Math.ceil(10 * sparkRate * shape.batchIntervalMs() / 1000.0);
    BenchDirs.deleteRecursively(base);
    Files.createDirectories(base);
    long lines = countLines(shape.input());
    int copies = (int) Math.max(1, Math.ceil((double) tenfoldBatches * perBatch / lines));
    Path input = copies == 1 ? shape.input() : repeated(shape.input(), copies, base.resolve("input-x" + copies + ".csv"));
    JobShape faster = new JobShape(input, shape.batchIntervalMs(), perBatch, shape.checkpointEveryBatches(),
        shape.cores(), shape.heap(), shape.restartDelayMs());
    List<E2eReport.TenfoldRun> out = new ArrayList<>();
    try {
      for (int i = 1; i <= tenfoldRuns; i++) {
        System.out.printf(Locale.ROOT, "tidemark at 10x Spark's rate, run %d of %d: %,d records per batch over %,d "
            + "lines (the input %d times) = %,d batches%n", i, tenfoldRuns, perBatch, lines * copies, copies,
            (lines * copies + perBatch - 1) / perBatch);
        Path dir = base.resolve("run-" + i);
        ChildProcess.Outcome o = ChildProcess.run(new TidemarkFlightsCommand(root, faster)
            .command(dir.resolve("checkpoint"), dir.resolve("local"), true), base.resolve("child-" + i + ".log"), 0,
            timeoutSeconds);
        List<BatchStat> batches = o.batches().stream().filter(b -> b.records() > 0).toList();
        System.out.printf(Locale.ROOT, "tidemark at 10x Spark's rate, run %d (%,d records per %d ms batch): "
            + "processing ms %s%n", i, perBatch, shape.batchIntervalMs(),
            batches.stream().map(b -> Long.toString(b.processingMs())).toList());
        BenchDirs.deleteRecursively(dir);
        out.add(new E2eReport.TenfoldRun(batches, loadAverage()));
      }
    } finally {
      if (copies > 1) {
        Files.deleteIfExists(input);
      }
    }
    return new E2eReport.TenfoldRuns(sparkRate, perBatch, copies, out);
  }

  private static long countLines(Path file) throws IOException {
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.count();
    }
  }

  /** Writes {@code copies} copies of {@code input} one after the other to {@code target}. */
  private static Path repeated(Path input, int copies, Path target) throws IOException {
    try (var out = Files.newOutputStream(target)) {
      for (int i = 0; i < copies; i++) {
        Files.copy(input, out);
      }
    }
    return target;
  }

  private E2eRun round(FlightsJobCommand c, int r, Path base) throws IOException, InterruptedException {
    double load = loadAverage();
    BenchDirs.deleteRecursively(base);
    Path full = Files.createDirectories(base.resolve("full"));
    ChildProcess.Outcome o = ChildProcess.run(c.command(full.resolve("checkpoint"), full.resolve("local"), true),
        full.resolve("child.log"), 0, timeoutSeconds);
    long checkpointBytes = BenchDirs.sizeOf(full.resolve("checkpoint"));
    long localBytes = BenchDirs.sizeOf(full.resolve("local"));
    Path crash = Files.createDirectories(base.resolve("restart"));
    List<String> cmd = c.command(crash.resolve("checkpoint"), crash.resolve("local"), true);
    ChildProcess.Outcome killed = ChildProcess.run(cmd, crash.resolve("before-kill.log"), killAfter, timeoutSeconds);
    if (!killed.killed()) {
      throw new IllegalStateException(c.name() + " ended before " + killAfter + " batches: see " + crash);
    }
    Thread.sleep(restartDelayMs); // see JobShape#restartDelayMs: a batch is due when it is ready
    ChildProcess.Outcome restarted = ChildProcess.run(cmd, crash.resolve("after-restart.log"), 1, timeoutSeconds);
    if (restarted.firstBatchMs() < 0) {
      throw new IllegalStateException(c.name() + " completed no batch after the restart: see " + crash);
    }
    E2eRun run = E2eRun.of(c.name(), r, o.batches(), o.peakRssKib(), checkpointBytes, localBytes, o.wallMs(),
        restarted.firstBatchMs(), load);
    BenchDirs.deleteRecursively(full.resolve("checkpoint"));
    BenchDirs.deleteRecursively(full.resolve("local"));
    BenchDirs.deleteRecursively(crash.resolve("checkpoint"));
    BenchDirs.deleteRecursively(crash.resolve("local"));
    return run;
  }

  private static String commandsBlock(List<FlightsJobCommand> commands, Path scratch) {
    StringBuilder sb = new StringBuilder("\nChild command lines (full run; the kill -9 run and its restart are the same "
        + "with other directories):\n\n```\n");
    for (FlightsJobCommand c : commands) {
      String line = String.join(" ", c.command(scratch.resolve("CHECKPOINT"), scratch.resolve("LOCAL"), true));
      sb.append(line.replaceAll("-cp \\S{300,}", "-cp <" + c.name() + " classpath>")).append("\n\n");
    }
    return sb.append("```\n").toString();
  }

  private static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}

package io.tidemark.bench.state;

import io.tidemark.bench.Counts;
import io.tidemark.bench.BenchDirs;
import io.tidemark.bench.ProcessRss;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Issue 7, point 2: cost versus state size, Tidemark only. For each operator (mapWithState,
 * updateStateByKey) × key count × distribution (uniform, Zipf), one child JVM ({@link
 * StateSizeJob}, {@code -Xmx1g} by default) grows a per-key counter state to the key count and
 * then updates it for a number of batches; the table gives updates/s per batch while the state
 * grows and once it is full, the heap in use, the peak RSS and the state's size on disk.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.tidemark.bench.state.StateSizeBenchmark \
 *     [--keys 1M,10M,100M] [--distributions uniform,zipf] [--operators mapWithState,updateStateByKey] \
 *     [--records-per-batch 500k] [--measure-batches 20] [--max-seconds 3600] [--heap 1g] \
 *     [--checkpoint-batches 10] [--update-state-by-key-max-keys 10M] [--dir DIR] [--out state.md] [--logs DIR]
 * </pre>
 *
 * <p>Rows run key count by key count (all of 1 M first), so a long run has its small rows early.
 * updateStateByKey calls its function for every key in state every batch (Spark's semantics), so
 * one batch at 100 M keys takes minutes and its rows are skipped above {@code
 * --update-state-by-key-max-keys} (listed in the report).
 */
public final class StateSizeBenchmark {
  private List<Long> keyCounts = List.of(1_000_000L, 10_000_000L, 100_000_000L);
  private List<KeyDistribution> distributions = List.of(KeyDistribution.UNIFORM, KeyDistribution.ZIPF);
  private List<String> operators = List.of("mapWithState", "updateStateByKey");
  private long recordsPerBatch = 500_000;
  private int measureBatches = 20;
  private long maxSeconds = 3600;
  private String heap = "1g";
  private int checkpointBatches = 10;
  private long updateStateByKeyMaxKeys = 10_000_000L;
  private Path dir;
  private Path out;
  private Path logs;

  public static void main(String[] args) throws Exception {
    StateSizeBenchmark b = new StateSizeBenchmark();
    b.parse(args);
    b.run();
  }

  private void parse(String[] args) {
    for (int i = 0; i < args.length; i += 2) {
      String v = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--keys" -> keyCounts = Stream.of(v.split(",")).map(Counts::parse).toList();
        case "--distributions" -> distributions = Stream.of(v.split(",")).map(KeyDistribution::parse).toList();
        case "--operators" -> operators = List.of(v.split(","));
        case "--records-per-batch" -> recordsPerBatch = Counts.parse(v);
        case "--measure-batches" -> measureBatches = Integer.parseInt(v);
        case "--max-seconds" -> maxSeconds = Long.parseLong(v);
        case "--heap" -> heap = v;
        case "--checkpoint-batches" -> checkpointBatches = Integer.parseInt(v);
        case "--update-state-by-key-max-keys" -> updateStateByKeyMaxKeys = Counts.parse(v);
        case "--dir" -> dir = Path.of(v);
        case "--out" -> out = Path.of(v);
        case "--logs" -> logs = Path.of(v);
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (see the class documentation)");
      }
    }
  }

  private void run() throws Exception {
    Path scratch = dir != null ? Files.createDirectories(dir) : BenchDirs.newScratchDir("state-");
    if (logs != null) {
      Files.createDirectories(logs);
    }
    System.out.printf("state-size benchmark: operators %s, keys %s, distributions %s, %,d records per batch, "
        + "%d batches at full state, budget %d s per run, -Xmx%s, data checkpoint every %d batches; scratch %s%n",
        operators, keyCounts, distributions, recordsPerBatch, measureBatches, maxSeconds, heap, checkpointBatches,
        scratch);
    List<StateRun> runs = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    try {
      for (long keys : keyCounts) {
        for (String op : operators) {
          if (op.equals("updateStateByKey") && keys > updateStateByKeyMaxKeys) {
            skipped.add(String.format(Locale.ROOT, "updateStateByKey at %,d keys (above --update-state-by-key-max-keys "
                + "%,d: it calls its function for every key in state every batch)", keys, updateStateByKeyMaxKeys));
            continue;
          }
          for (KeyDistribution d : distributions) {
            StateRun r = runOne(scratch, op, keys, d);
            runs.add(r);
            System.out.printf(Locale.ROOT, "%s %,d keys %s: %s, %,d keys reached, full-state median %,.0f updates/s, "
                + "max heap used %d MiB, peak RSS %d MiB, state %.2f GiB, %.0f s%n", op, keys, d.label(), r.endReason(),
                r.stateKeysReached(), StateRun.medianRate(r.full()), r.maxHeapUsedMiB(), r.peakRssKib() / 1024,
                r.stateBytes() / 1073741824.0, r.wallSeconds());
          }
        }
      }
    } finally {
      String md = new StateReport(runs, skipped, recordsPerBatch, measureBatches, heap, maxSeconds, checkpointBatches)
          .markdown();
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

  private StateRun runOne(Path scratch, String op, long keys, KeyDistribution d) throws Exception {
    String name = op + "-" + d.label() + "-" + keys;
    Path base = scratch.resolve(name);
    BenchDirs.deleteRecursively(base);
    Files.createDirectories(base);
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap));
    // the job's tuning properties (StateSizeJob: partitions, block cache, compression) reach the child
    System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("tidemark.bench.")).sorted()
        .forEach(k -> cmd.add("-D" + k + "=" + System.getProperty(k)));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), StateSizeJob.class.getName(), op,
        Long.toString(keys), d.label(), Long.toString(recordsPerBatch), Integer.toString(measureBatches),
        Long.toString(maxSeconds), Integer.toString(checkpointBatches), base.resolve("checkpoint").toString(),
        base.resolve("state").toString()));
    Path log = (logs != null ? logs : base).resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(base.resolve("stderr.log").toFile());
    long t0 = System.nanoTime();
    Process p = pb.start();
    ProcessRss.Sampler rss = new ProcessRss.Sampler(p.pid(), 200);
    List<StateRun.Batch> batches = new ArrayList<>();
    String reason = "failed";
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter w = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        w.println(line);
        w.flush();
        StateRun.Batch b = StateRun.parseStat(line);
        if (b != null) {
          batches.add(b);
        } else if (line.startsWith("END ")) {
          reason = line.contains("reason=budget") ? "budget" : "done";
        }
      }
    }
    int rc = p.waitFor();
    rss.close();
    double wall = (System.nanoTime() - t0) / 1e9;
    if (rc != 0) {
      System.out.printf("  %s: child exit %d, see %s%n", name, rc, base.resolve("stderr.log"));
      reason = "failed (exit " + rc + ")";
    }
    StateRun r = new StateRun(op, keys, d, batches, rss.peakKib(), BenchDirs.sizeOf(base.resolve("state")),
        BenchDirs.sizeOf(base.resolve("checkpoint")), wall, reason);
    if (rc == 0) {
      BenchDirs.deleteRecursively(base);
    }
    return r;
  }
}

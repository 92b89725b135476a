package io.tidemark.bench.restart;

import io.tidemark.bench.Counts;
import io.tidemark.bench.BenchDirs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Restart time of a stateful job (issue 5): process start → first new batch completed, with
 * 1 M and 10 M keys of mapWithState state in RocksDB, resuming from the local state directory
 * and from the checkpoint directory alone. See the package documentation for the method.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.tidemark.bench.restart.RestartTimeBenchmark \
 *     [--keys 1000000,10000000] [--runs 3] [--modes local,checkpoint] [--load-batch 500000] \
 *     [--first-batch 10000] [--heap 1g] [--partitions N] [--jvm-opt OPT]... [--dir DIR] [--keep]
 * </pre>
 */
public final class RestartTimeBenchmark {
  private static final String LOG_TIME_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSS";

  /** Phases of a restart, as [label, key of the start stamp, key of the end stamp]. */
  private static final String[][] PHASES = {
      {"launch→JVM", "launch", "jvmStart"},
      {"JVM→main", "jvmStart", "main"},
      {"main→built", "main", "built"},
      {"built→meta read", "built", "metadataRead"},
      {"meta→state loaded", "metadataRead", "stateLoaded"},
      {"state→plan", "stateLoaded", "planned"},
      {"plan→started", "planned", "started"},
      {"started→submitted", "started", "submitted"},
      {"submitted→done", "submitted", "done"},
  };

  private final List<Long> keyCounts = new ArrayList<>(List.of(1_000_000L, 10_000_000L));
  private final List<String> modes = new ArrayList<>(List.of("local", "checkpoint"));
  private int runs = 3;
  private long loadBatch = 500_000;
  private long firstBatch = 10_000;
  private String heap = "1g";
  private String partitions;
  private final List<String> jvmOpts = new ArrayList<>();
  private Path dir;
  private boolean keep;
  private boolean reuse;

  /** One measured restart. */
  record Run(long keys, String mode, long wallMs, Map<String, Long> stamps, long stateBytes, long checkpointBytes,
      double loadAverage) {
    long childMs() {
      return stamps.get("done") - stamps.get("jvmStart");
    }
  }

  public static void main(String[] args) throws Exception {
    RestartTimeBenchmark bench = new RestartTimeBenchmark();
    bench.parse(args);
    bench.run();
  }

  private void parse(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--keys" -> {
          keyCounts.clear();
          for (String k : args[++i].split(",")) {
            keyCounts.add(Counts.parse(k));
          }
        }
        case "--modes" -> {
          modes.clear();
          modes.addAll(Arrays.asList(args[++i].split(",")));
          for (String m : modes) {
            if (!m.equals("local") && !m.equals("checkpoint")) {
              throw new IllegalArgumentException("--modes takes local and/or checkpoint, got " + m);
            }
          }
        }
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--load-batch" -> loadBatch = Counts.parse(args[++i]);
        case "--first-batch" -> firstBatch = Counts.parse(args[++i]);
        case "--heap" -> heap = args[++i];
        case "--partitions" -> partitions = args[++i];
        case "--jvm-opt" -> jvmOpts.add(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        case "--keep" -> keep = true;
        case "--reuse" -> reuse = true;
        default -> throw new IllegalArgumentException("unknown argument " + a + " (see the class documentation)");
      }
    }
  }

  private void run() throws Exception {
    Path root = dir != null ? Files.createDirectories(dir) : BenchDirs.newScratchDir("restart-");
    System.out.printf("restart-time benchmark: keys %s, modes %s, %d runs each, load batches of %,d records, "
        + "first new batch of %,d records, child heap %s, scratch %s%n", keyCounts, modes, runs, loadBatch,
        firstBatch, heap, root);
    List<Run> results = new ArrayList<>();
    try {
      for (long keys : keyCounts) {
        Path base = root.resolve("keys-" + keys);
        Path goldenCheckpoint = base.resolve("golden/checkpoint");
        Path goldenState = base.resolve("golden/state");
        Path loadedMarker = base.resolve("golden/last-batch");
        long lastBatch;
        if (reuse && Files.exists(loadedMarker)) {
          lastBatch = Long.parseLong(Files.readString(loadedMarker).trim());
          System.out.printf("%n== %,d keys: reusing the loaded copies in %s (last batch %d)%n", keys,
              goldenCheckpoint.getParent(), lastBatch);
        } else {
          BenchDirs.deleteRecursively(base);
          Files.createDirectories(goldenCheckpoint.getParent());
          lastBatch = load(base, keys, goldenCheckpoint, goldenState);
          Files.writeString(loadedMarker, Long.toString(lastBatch));
        }
        long stateBytes = sizeOf(goldenState);
        long checkpointBytes = sizeOf(goldenCheckpoint);
        System.out.printf("  state dir %s, checkpoint dir %s%n", mib(stateBytes), mib(checkpointBytes));
        for (int r = 1; r <= runs; r++) {
          for (String mode : modes) {
            Path checkpoint = base.resolve("work/checkpoint");
            Path state = base.resolve("work/state");
            BenchDirs.deleteRecursively(base.resolve("work"));
            copyTree(goldenCheckpoint, checkpoint);
            if (mode.equals("local")) {
              copyTree(goldenState, state);
            }
            Run run = restart(base, keys, mode, r, checkpoint, state, lastBatch + RestartBenchJob.BATCH_INTERVAL.toMillis(),
                stateBytes, checkpointBytes);
            results.add(run);
            System.out.printf("  %,d keys, from %s, run %d: %d ms (child, JVM start → batch: %d ms; load average %.1f)  %s%n",
                keys, mode, r, run.wallMs(), run.childMs(), run.loadAverage(), phases(run));
          }
        }
        BenchDirs.deleteRecursively(base.resolve("work"));
      }
    } finally {
      printTable(results);
      if (keep || reuse) {
        System.out.println("scratch kept: " + root);
      } else {
        BenchDirs.deleteRecursively(root);
      }
    }
  }

  private List<String> javaCommand(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("-Dorg.slf4j.simpleLogger.log.io.tidemark=info");
    cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    cmd.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=" + LOG_TIME_FORMAT);
    if (partitions != null) {
      cmd.add("-Dtidemark.bench.partitions=" + partitions);
    }
    cmd.addAll(jvmOpts);
    cmd.add(RestartBenchJob.class.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Runs the load child; moves its directories to the golden copies; returns its last batch time. */
  private long load(Path base, long keys, Path goldenCheckpoint, Path goldenState) throws Exception {
    Path checkpoint = base.resolve("load/checkpoint");
    Path state = base.resolve("load/state");
    System.out.printf("%n== %,d keys: loading (batches of %,d records)%n", keys, loadBatch);
    ProcessBuilder pb = new ProcessBuilder(javaCommand("load", checkpoint.toString(), state.toString(),
        Long.toString(keys), Long.toString(loadBatch)));
    Path log = base.resolve("load.log");
    pb.redirectError(log.toFile());
    long t0 = System.nanoTime();
    Process p = pb.start();
    long lastBatch = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        System.out.println("  | " + line);
        if (line.startsWith("LOADED ")) {
          lastBatch = Long.parseLong(field(line, "lastBatch"));
        }
      }
    }
    int rc = p.waitFor();
    if (rc != 0 || lastBatch < 0) {
      throw new IllegalStateException("the load child failed (exit " + rc + "); see " + log + ":\n" + tail(log));
    }
    System.out.printf("  loaded in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    Files.move(checkpoint, goldenCheckpoint);
    Files.move(state, goldenState);
    return lastBatch;
  }

  private Run restart(Path base, long keys, String mode, int r, Path checkpoint, Path state, long firstNew,
      long stateBytes, long checkpointBytes) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(javaCommand("restart", checkpoint.toString(), state.toString(),
        Long.toString(keys), Long.toString(firstBatch), Long.toString(firstNew)));
    Path log = base.resolve("restart-" + mode + "-" + r + ".log");
    pb.redirectError(log.toFile());
    // Other processes on the machine skew a start-up measurement: the load average is reported.
    double loadAverage = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    long launchEpoch = System.currentTimeMillis();
    long t0 = System.nanoTime();
    Process p = pb.start();
    long doneNanos = -1;
    String times = null;
    List<String> stdout = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (doneNanos < 0 && line.equals(RestartBenchJob.DONE_MARKER)) {
          doneNanos = System.nanoTime();
        }
        if (line.startsWith("TIMES ")) {
          times = line;
        }
        stdout.add(line);
      }
    }
    int rc = p.waitFor();
    Files.write(log, stdout.stream().map(l -> "[stdout] " + l).toList(), StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    if (rc != 0 || doneNanos < 0 || times == null) {
      throw new IllegalStateException("the restart child failed (exit " + rc + "); see " + log + ":\n" + tail(log));
    }
    if (Long.parseLong(field(times, "stateKeys")) != keys || Long.parseLong(field(times, "newKeys")) != 0
        || Long.parseLong(field(times, "firstBatch")) != firstNew) {
      throw new IllegalStateException("the restart did not resume the loaded state (expected " + keys
          + " keys, no new key, first batch " + firstNew + "): " + times);
    }
    Map<String, Long> stamps = new LinkedHashMap<>();
    stamps.put("launch", launchEpoch);
    for (String k : List.of("jvmStart", "main", "built", "started", "submitted", "done")) {
      stamps.put(k, Long.parseLong(field(times, k)));
    }
    stamps.putAll(logStamps(log));
    return new Run(keys, mode, TimeUnit.NANOSECONDS.toMillis(doneNanos - t0), stamps, stateBytes, checkpointBytes,
        loadAverage);
  }

  /** Wall-clock stamps of the engine's start-up log lines (INFO, see javaCommand). */
  static Map<String, Long> logStamps(Path log) throws IOException {
    DateTimeFormatter format = DateTimeFormatter.ofPattern(LOG_TIME_FORMAT);
    Map<String, Long> stamps = new LinkedHashMap<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      int space = line.indexOf(' ');
      if (space != LOG_TIME_FORMAT.length() - 2) {
        continue;
      }
      long at;
      try {
        at = LocalDateTime.parse(line.substring(0, space), format).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
      } catch (RuntimeException notAStamp) {
        continue;
      }
      if (line.contains("JobRestorer - resuming from")) {
        stamps.putIfAbsent("metadataRead", at);
      } else if (line.contains("JobRestorer - ") && (line.contains(": state from ") || line.contains(": state restored from"))) {
        stamps.put("stateLoaded", at);
      } else if (line.contains("JobRestorer - restart plan")) {
        stamps.putIfAbsent("planned", at);
      }
    }
    return stamps;
  }

  private static String phases(Run run) {
    StringBuilder sb = new StringBuilder();
    for (String[] phase : PHASES) {
      Long from = run.stamps().get(phase[1]);
      Long to = run.stamps().get(phase[2]);
      sb.append(phase[0]).append(' ').append(from == null || to == null ? "-" : (to - from)).append(", ");
    }
    return sb.substring(0, sb.length() - 2);
  }

  private void printTable(List<Run> results) {
    if (results.isEmpty()) {
      return;
    }
    System.out.printf("%nRestart time, process start → first new batch completed (%d runs each; first new batch: "
        + "%,d records of existing keys; times in ms)%n", runs, firstBatch);
    StringBuilder header = new StringBuilder(String.format("%-11s %-11s %10s %8s %12s %10s %12s %5s", "keys", "from",
        "state size", "median", "min–max", "child med.", "target", "load"));
    for (String[] phase : PHASES) {
      header.append(String.format(" %" + Math.max(8, phase[0].length()) + "s", phase[0]));
    }
    System.out.println(header);
    Map<String, List<Run>> groups = new LinkedHashMap<>();
    for (Run r : results) {
      groups.computeIfAbsent(r.keys() + "/" + r.mode(), k -> new ArrayList<>()).add(r);
    }
    for (List<Run> g : groups.values()) {
      Run first = g.get(0);
      long[] wall = g.stream().mapToLong(Run::wallMs).sorted().toArray();
      long[] child = g.stream().mapToLong(Run::childMs).sorted().toArray();
      String target = first.mode().equals("local") && first.keys() >= 10_000_000L
          ? (median(wall) < 2000 ? "< 2 s met" : "< 2 s MISSED") : "";
      StringBuilder row = new StringBuilder(String.format("%-11s %-11s %10s %8d %12s %10d %12s %5.1f",
          String.format("%,d", first.keys()), first.mode().equals("local") ? "local state" : "checkpoint",
          mib(first.mode().equals("local") ? first.stateBytes() : first.checkpointBytes()), median(wall),
          wall[0] + "–" + wall[wall.length - 1], median(child), target,
          g.stream().mapToDouble(Run::loadAverage).average().orElse(0)));
      for (String[] phase : PHASES) {
        long[] v = g.stream().filter(r -> r.stamps().containsKey(phase[1]) && r.stamps().containsKey(phase[2]))
            .mapToLong(r -> r.stamps().get(phase[2]) - r.stamps().get(phase[1])).sorted().toArray();
        row.append(String.format(" %" + Math.max(8, phase[0].length()) + "s", v.length == 0 ? "-" : Long.toString(median(v))));
      }
      System.out.println(row);
    }
    System.out.println("median/min–max: the parent's clock, ProcessBuilder.start() → the child's completion line read; "
        + "child med.: JVM start (RuntimeMXBean) → batch completed; phases: medians, wall-clock stamps of the child "
        + "and of the engine's INFO log lines (ms resolution). State size: the local RocksDB directory (local state) "
        + "or the checkpoint directory (checkpoint). load: mean 1-minute load average before the runs ("
        + Runtime.getRuntime().availableProcessors() + " cores).");
  }

  static long median(long[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static String field(String line, String name) {
    for (String part : line.split(" ")) {
      if (part.startsWith(name + "=")) {
        return part.substring(name.length() + 1);
      }
    }
    throw new IllegalStateException("no " + name + " in: " + line);
  }

  private static String mib(long bytes) {
    return String.format("%.0f MiB", bytes / 1048576.0);
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  static long sizeOf(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    }
  }

  /** Copies {@code from} to {@code to} (a fresh copy per run, so every restart starts from the same files). */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}

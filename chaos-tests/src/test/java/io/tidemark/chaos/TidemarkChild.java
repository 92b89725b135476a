package io.tidemark.chaos;

import static org.awaitility.Awaitility.await;

import io.tidemark.cli.Tidemark;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of {@code tidemark run flights} in a child JVM (this JVM's classpath). Its output
 * (stdout and stderr) is read line by line as it comes, written to a log file and parsed: the
 * per-batch status lines, the restart plan and a crash point's halt. So a test can wait for the
 * first new batch, kill the child at a chosen instant, and measure its recovery time: process
 * start → first new batch completed. Each log line starts with {@code +<ms since start>}.
 *
 * <p>A batch is <em>new</em> if the restart plan ({@code restart plan: re-run batches [...], then
 * new batches from T}) puts it at or after {@code T}; without a plan line (a fresh start, or a
 * log format this class does not know), if its time is after {@code lastBatchBefore}, the newest
 * batch any earlier run of the episode reported. Not thread-safe except for the getters, which
 * the output reader thread feeds.
 */
final class TidemarkChild {
  private static final Pattern STATUS = Pattern.compile("^batch (\\d+): ([\\d,]+) records");
  private static final Pattern PLAN =
      Pattern.compile("restart plan: re-run batches \\[([^\\]]*)\\], then new batches from (\\d+)");
  private static final Pattern HALT = Pattern.compile("fault injection: halting at (\\w+)");
  private static final String GRACEFUL = "StreamingContext stopped gracefully";
  private static final String DONE = "tidemark: done:";
  private static final Pattern ALREADY_COMMITTED = Pattern.compile(
      "(\\S+) partition \\d+ already committed batch (\\d+) ms \\(state version (\\d+)\\)");

  private final Process process;
  private final Path log;
  private final long startNanos;
  private final long lastBatchBefore;
  private final Thread reader;

  private volatile long firstNewBatchFromPlan = -1;
  private volatile List<Long> rerunBatches = List.of();
  private volatile boolean sawPlan;
  private volatile long firstNewBatchNanos = -1;
  private volatile long lastBatchTime = -1;
  private volatile long newBatches;
  private volatile String haltedAt;
  private volatile boolean stoppedGracefully;
  private volatile boolean done;
  private final java.util.Set<StaleRerun> staleReruns = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private TidemarkChild(Process process, Path log, long startNanos, long lastBatchBefore) {
    this.process = process;
    this.log = log;
    this.startNanos = startNanos;
    this.lastBatchBefore = lastBatchBefore;
    this.reader = new Thread(this::pump, "chaos-child-" + process.pid());
    this.reader.setDaemon(true);
    this.reader.start();
  }

  /**
   * Starts {@code tidemark args} in a child JVM.
   *
   * @param jvmOptions e.g. {@code -Xmx512m}, {@code -Dtidemark.faultInjection.crashAt=IN_TASK:2}
   * @param lastBatchBefore the newest batch time an earlier run of the episode reported, or -1
   */
  static TidemarkChild start(Path workDir, Path log, List<String> jvmOptions, List<String> args, long lastBatchBefore)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Tidemark.class.getName());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
    long start = System.nanoTime();
    return new TidemarkChild(pb.start(), log, start, lastBatchBefore);
  }

  private void pump() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        long now = System.nanoTime();
        out.write(String.format("+%6d ", TimeUnit.NANOSECONDS.toMillis(now - startNanos)));
        out.write(line);
        out.newLine();
        out.flush(); // the log is evidence when a run fails: keep it complete up to the kill
        parse(line, now);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the output of child " + process.pid(), e);
    }
  }

  private void parse(String line, long nanos) {
    Matcher status = STATUS.matcher(line);
    if (status.find()) {
      long t = Long.parseLong(status.group(1));
      lastBatchTime = Math.max(lastBatchTime, t);
      boolean isNew = sawPlan ? t >= firstNewBatchFromPlan : t > lastBatchBefore;
      if (isNew) {
        if (firstNewBatchNanos < 0) {
          firstNewBatchNanos = nanos;
        }
        newBatches++;
      }
      return;
    }
    Matcher plan = PLAN.matcher(line);
    if (plan.find()) {
      List<Long> rerun = new ArrayList<>();
      for (String s : plan.group(1).split(",")) {
        if (!s.isBlank()) {
          rerun.add(Long.parseLong(s.trim()));
        }
      }
      rerunBatches = List.copyOf(rerun);
      firstNewBatchFromPlan = Long.parseLong(plan.group(2));
      sawPlan = true;
      return;
    }
    Matcher committed = ALREADY_COMMITTED.matcher(line);
    if (committed.find()) {
      long batch = Long.parseLong(committed.group(2));
      if (Long.parseLong(committed.group(3)) > batch) {
        staleReruns.add(new StaleRerun(committed.group(1), batch));
      }
      return;
    }
    Matcher halt = HALT.matcher(line);
    if (halt.find()) {
      haltedAt = halt.group(1);
    } else if (line.contains(GRACEFUL)) {
      stoppedGracefully = true;
    } else if (line.contains(DONE)) {
      done = true;
    }
  }

  /** The child's process id. */
  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Whether the child completed a new batch (see the class comment). */
  boolean sawNewBatch() {
    return firstNewBatchNanos >= 0;
  }

  /** New batches completed so far. */
  long newBatches() {
    return newBatches;
  }

  /** Milliseconds from process start to the first new batch completed; empty if none yet. */
  OptionalLong recoveryMillis() {
    long t = firstNewBatchNanos;
    return t < 0 ? OptionalLong.empty() : OptionalLong.of(TimeUnit.NANOSECONDS.toMillis(t - startNanos));
  }

  /** Milliseconds since the child was started. */
  long elapsedMillis() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  /** The newest batch time of a status line, or -1. */
  long lastBatchTime() {
    return lastBatchTime;
  }

  /** The batches the restart plan re-runs; empty without a plan line. */
  List<Long> rerunBatches() {
    return rerunBatches;
  }

  /** Whether the child logged its restart plan. */
  boolean sawRestartPlan() {
    return sawPlan;
  }

  /**
   * Batches this run re-ran for an operator one of whose partitions had already committed a
   * <em>later</em> batch (the engine logs {@code <uid> partition <p> already committed batch <t>
   * ms (state version <v>)} with {@code v > t}): that operator's output of the batch shows the
   * state of the later version.
   */
  java.util.Set<StaleRerun> staleReruns() {
    return java.util.Set.copyOf(staleReruns);
  }

  /** The crash point the child halted at, or null. */
  String haltedAt() {
    return haltedAt;
  }

  /**
   * Whether the job finished on its own: {@code --until-exhausted} printed {@code tidemark: done:}
   * (every record processed and checkpointed), whatever signal then ended the JVM.
   */
  boolean finishedJob() {
    return done;
  }

  /** Whether the child logged a graceful stop of its streaming context. */
  boolean stoppedGracefully() {
    return stoppedGracefully;
  }

  /**
   * Waits until the child completed a new batch or exited, at most {@code timeout}.
   *
   * @return whether it completed a new batch
   */
  boolean awaitNewBatchOrExit(Duration timeout) {
    return awaitNewBatchesOrExit(1, timeout);
  }

  /**
   * Waits until the child completed {@code n} new batches or exited, at most {@code timeout}.
   *
   * @return whether it completed {@code n} new batches
   */
  boolean awaitNewBatchesOrExit(int n, Duration timeout) {
    await("child " + pid() + " completes " + n + " new batches or exits").atMost(timeout)
        .pollInterval(Duration.ofMillis(20)).until(() -> newBatches >= n || !process.isAlive());
    return newBatches >= n;
  }

  /**
   * Lets the child run for up to {@code millis} (the chosen fault instant).
   *
   * @return true if it is still running after that time, false if it exited first
   */
  boolean runsFor(long millis) throws InterruptedException {
    return !process.waitFor(millis, TimeUnit.MILLISECONDS);
  }

  /**
   * {@code kill -9}: SIGKILL, then waits until the process is gone. Signals go through {@link
   * ProcessHandle}: {@link Process#destroy} would also close our end of the child's output pipe,
   * losing what it prints while it dies (and making its writes fail).
   */
  void kill9() throws InterruptedException {
    process.toHandle().destroyForcibly();
    awaitExit(Duration.ofSeconds(60));
  }

  /** SIGTERM: the CLI stops gracefully with a final checkpoint. */
  void terminate() {
    process.toHandle().destroy();
  }

  /**
   * Waits for the child to exit and its output to be read; on timeout it is killed and an
   * {@link AssertionError} with the log's tail is thrown.
   *
   * @return the exit code
   */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.toHandle().destroyForcibly();
      process.waitFor(60, TimeUnit.SECONDS);
      reader.join(TimeUnit.SECONDS.toMillis(10));
      throw new AssertionError("child " + pid() + " did not exit within " + timeout + "; killed it. Log " + log
          + ":\n" + tail(60));
    }
    reader.join(TimeUnit.SECONDS.toMillis(30)); // the rest of the output, for the parsers and the log
    return process.exitValue();
  }

  /** The log file. */
  Path log() {
    return log;
  }

  /** The first line of the log naming an exception or an error, or a note that there is none. */
  String firstError() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return lines.stream().filter(l -> l.contains("Exception: ") || l.contains("Error: ")).findFirst()
          .or(() -> lines.stream().filter(l -> l.contains(" ERROR ")).findFirst())
          .map(l -> l.replaceFirst("^\\+ *\\d+ ", "").trim()).orElse("(no error in the log)");
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  /** The last {@code lines} lines of the log. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }
}

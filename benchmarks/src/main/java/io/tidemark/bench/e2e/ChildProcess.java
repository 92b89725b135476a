package io.tidemark.bench.e2e;

import io.tidemark.bench.ProcessRss;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one child JVM of the end-to-end benchmark: reads its stdout for batch lines, samples its
 * peak resident set size ({@code VmHWM} of {@code /proc/<pid>/status}, every 100 ms; the kernel
 * keeps the high-water mark, so sampling misses nothing but the last 100 ms), and can kill it
 * with SIGKILL after a number of batches with input have completed. stdout and stderr go to a
 * log file.
 */
final class ChildProcess {
  /** What a child did. */
  record Outcome(List<BatchStat> batches, long firstBatchMs, long wallMs, long peakRssKib, int exitCode,
      boolean killed) {}

  private ChildProcess() {}

  /**
   * Runs {@code command} to its end, or until {@code killAfterBatches} batches with records have
   * completed (0: never kill), then SIGKILLs it.
   *
   * @param log file for the child's stdout (prefixed) and stderr
   * @param timeoutSeconds the child is killed and this fails after this long
   * @return the batches seen; firstBatchMs: ms from {@link ProcessBuilder#start()} to the first
   *     batch line read (any batch, re-run or new), -1 if none; wallMs: start → exit
   */
  static Outcome run(List<String> command, Path log, int killAfterBatches, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path stderr = log.resolveSibling(log.getFileName() + ".stderr");
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(stderr.toFile());
    long t0 = System.nanoTime();
    Process p = pb.start();
    ProcessRss.Sampler rss = new ProcessRss.Sampler(p.pid(), 100);
    Thread watchdog = new Thread(() -> {
      try {
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException ignored) {
        // the run is over
      }
    }, "child-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    List<BatchStat> batches = new ArrayList<>();
    long firstBatchMs = -1;
    boolean killed = false;
    int withRecords = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter logOut = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        BatchStat b = BatchStat.parse(line);
        if (b != null) {
          if (firstBatchMs < 0) {
            firstBatchMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
          }
          batches.add(b);
          if (b.records() > 0) {
            withRecords++;
          }
          if (killAfterBatches > 0 && withRecords >= killAfterBatches && !killed) {
            rss.sample();
            logOut.println(line);
            p.destroyForcibly(); // SIGKILL on Linux; also closes our end of its stdout
            killed = true;
            break;
          }
        }
        logOut.println(line);
      }
    }
    int rc = p.waitFor();
    long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    rss.close();
    watchdog.interrupt();
    if (!killed && rc != 0) {
      throw new IllegalStateException("child failed (exit " + rc + "): " + String.join(" ", command)
          + "\nsee " + log + " and " + stderr);
    }
    return new Outcome(batches, firstBatchMs, wallMs, rss.peakKib(), rc, killed);
  }
}

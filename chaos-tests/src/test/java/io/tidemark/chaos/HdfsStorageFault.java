package io.tidemark.chaos;

import static org.awaitility.Awaitility.await;

import io.tidemark.checkpoint.testsupport.MiniHdfs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Random;

/**
 * Scenario 7's strike: a storage fault on the real HDFS ({@link MiniHdfs}) that holds the
 * checkpoint directory, injected once the run has published a data checkpoint there, a random
 * 0–1.5 s later (so it lands before, in or after the next metadata checkpoints and uploads). The
 * run must then either stop with an error that names the checkpoint directory (exit code 1, the
 * CLI's {@code tidemark: failed:} summary) or ride the fault out; a run that is still going
 * {@value #RIDE_OUT_SECONDS} s after the fault is in place is killed to end it. The fault is
 * cleared before the next run, which must resume with nothing lost (the harness checks).
 *
 * @param hdfs the cluster in this JVM
 * @param kind what goes wrong
 * @param checkpointPath the checkpoint directory's path on the cluster (no scheme), e.g. {@code
 *     /chaos/episode-0}; a quota is set on it
 */
record HdfsStorageFault(MiniHdfs hdfs, Kind kind, String checkpointPath) implements Strike {
  static final int RIDE_OUT_SECONDS = 20;

  /** The faults of scenario 7. */
  enum Kind {
    /** The name node restarts (same ports); clients see refused and dropped connections meanwhile. */
    NAME_NODE_RESTARTED("HDFS name node restarted"),
    /** The only data node stops, so no block can be written; it restarts before the next run. */
    DATA_NODE_STOPPED("HDFS data node stopped"),
    /** The checkpoint directory's space quota drops to one byte; cleared before the next run. */
    SPACE_QUOTA_EXHAUSTED("HDFS space quota exhausted");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  @Override
  public String label() {
    return kind.label;
  }

  @Override
  public boolean strike(TidemarkChild child, Random random, Duration runTimeout) throws InterruptedException {
    await("child " + child.pid() + " publishes a data checkpoint on HDFS or exits").atMost(runTimeout)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !child.isAlive() || publishedDataCheckpoint(child));
    if (!child.runsFor(random.nextInt(1500))) {
      return false; // the job finished first
    }
    try {
      inject();
      if (child.runsFor(Duration.ofSeconds(RIDE_OUT_SECONDS).toMillis())) {
        child.kill9(); // rode the fault out: end the run here
        System.out.printf("chaos: child %d rode out '%s'%n", child.pid(), kind.label);
        return true;
      }
      int exitCode = child.awaitExit(runTimeout);
      if (exitCode == 0) {
        return false; // finished during the fault: nothing was left to write
      }
      String tail = child.tail(40);
      if (exitCode != 1 || !tail.contains("tidemark: failed:") || !tail.contains(checkpointPath)) {
        throw new AssertionError("after '" + kind.label + "' the job exited " + exitCode
            + " without a 'tidemark: failed:' summary naming " + checkpointPath + "; log " + child.log() + ":\n" + tail);
      }
      return true;
    } finally {
      clear();
    }
  }

  private void inject() {
    try {
      switch (kind) {
        case NAME_NODE_RESTARTED -> hdfs.restartNameNode();
        case DATA_NODE_STOPPED -> hdfs.stopDataNode();
        case SPACE_QUOTA_EXHAUSTED -> hdfs.setSpaceQuota(checkpointPath, 1);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot inject '" + kind.label + "'", e);
    }
  }

  private void clear() {
    try {
      switch (kind) {
        case NAME_NODE_RESTARTED -> { }
        case DATA_NODE_STOPPED -> hdfs.restartDataNode();
        case SPACE_QUOTA_EXHAUSTED -> hdfs.setSpaceQuota(checkpointPath, -1);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear '" + kind.label + "'", e);
    }
  }

  private static boolean publishedDataCheckpoint(TidemarkChild child) throws IOException {
    return Files.readAllLines(child.log(), StandardCharsets.UTF_8).stream()
        .anyMatch(l -> l.contains("data checkpoint") && l.contains(" published"));
  }
}

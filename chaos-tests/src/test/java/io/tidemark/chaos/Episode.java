package io.tidemark.chaos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One checkpoint directory's life: the job runs, a fault ends the run (and may damage its files),
 * the job is restarted from the same directory, again and again, until a run finishes on its own
 * (exit code 0). A run that fails on its own (another exit code) is a mismatch, and is restarted. Counts restarts, faults and recovery times into the scenario's {@link
 * ScenarioStats}. Not thread-safe.
 */
final class Episode {
  private final JobDirs dirs;
  private final JobShape shape;
  private final ScenarioStats stats;
  private int runs;
  private long lastBatch = -1;
  private Strike previousStrike;
  private TidemarkChild lastRun;
  private boolean finished;
  private int failedInARow;
  private boolean lastRunFailed;
  /** Runs in a row that may fail on their own before the episode gives up. */
  private static final int MAX_FAILED_RUNS = 3;
  private final java.util.Set<StaleRerun> staleReruns = new java.util.HashSet<>();

  Episode(JobDirs dirs, JobShape shape, ScenarioStats stats) {
    this.dirs = dirs;
    this.shape = shape;
    this.stats = stats;
  }

  JobDirs dirs() {
    return dirs;
  }

  /** Whether a run finished on its own (exit code 0): nothing is left to restart. */
  boolean isFinished() {
    return finished;
  }

  /**
   * Starts the job (a restart if it ran before) and lets {@code fault} end it, then applies the
   * fault's damage.
   *
   * @return true if a restart follows (the fault struck, or the job failed on its own: a
   *     mismatch); false if the job finished first with exit code 0
   * @throws AssertionError if the job failed on its own {@value #MAX_FAILED_RUNS} times in a row
   */
  boolean run(Fault fault, Random random) throws IOException, InterruptedException {
    if (finished) {
      throw new IllegalStateException("the episode in " + dirs.root() + " has finished");
    }
    TidemarkChild child = start(fault.strike().jvmOptions());
    boolean struck = fault.strike().strike(child, random, shape.runTimeout());
    int exitCode = child.awaitExit(shape.runTimeout());
    ended(child);
    if (!struck) {
      if (exitCode != 0 && !child.finishedJob()) {
        jobFailed(child, exitCode);
        lastRunFailed = true;
        return true; // a restart follows, as a supervisor would do
      }
      finished = true;
      stats.countFinishedFirst(fault.strike().label());
      return false;
    }
    failedInARow = 0;
    previousStrike = fault.strike();
    List<String> labels = new ArrayList<>();
    labels.add(fault.strike().label());
    for (Damage damage : fault.damages()) {
      labels.add(damage.apply(dirs, random) ? damage.label() : damage.label() + " (nothing to damage)");
    }
    stats.injected(labels);
    return true;
  }

  /** Runs the job without faults until it finishes, unless a run already has. */
  void finish() throws IOException, InterruptedException {
    while (!finished) {
      TidemarkChild child = start(List.of());
      int exitCode = child.awaitExit(shape.runTimeout());
      ended(child);
      if (exitCode == 0) {
        finished = true;
      } else {
        jobFailed(child, exitCode);
      }
    }
  }

  /** The run that finished the job, or null before. */
  TidemarkChild lastRun() {
    return finished ? lastRun : null;
  }

  /** Whether the last run failed on its own before its fault struck (the fault is still to come). */
  boolean lastRunFailed() {
    return lastRunFailed;
  }

  private TidemarkChild start(List<String> jvmOptions) throws IOException {
    lastRunFailed = false;
    List<String> jvm = new ArrayList<>();
    jvm.add("-Xmx" + shape.childHeap());
    jvm.addAll(shape.childJvmOptions());
    jvm.addAll(jvmOptions);
    if (runs > 0) {
      stats.restarted();
    }
    java.nio.file.Path log = dirs.logs().resolve(String.format("run-%03d.log", runs++));
    lastRun = TidemarkChild.start(dirs.root(), log, jvm, shape.runArgs(dirs), lastBatch);
    return lastRun;
  }

  /** Every run's {@link TidemarkChild#staleReruns()}. */
  java.util.Set<StaleRerun> staleReruns() {
    return java.util.Set.copyOf(staleReruns);
  }

  private void ended(TidemarkChild child) {
    lastBatch = Math.max(lastBatch, child.lastBatchTime());
    staleReruns.addAll(child.staleReruns());
    if (runs > 1) {
      child.recoveryMillis().ifPresent(stats::recovered);
    }
    if (previousStrike != null) {
      previousStrike.checkNextRun(child).ifPresent(m -> stats.mismatch(m + " (" + child.log() + ")"));
      previousStrike = null;
    }
  }

  /**
   * A run ended on its own with an exit code other than 0: the job failed. That is a mismatch
   * (the test fails), but the episode goes on with a restart, as a supervisor would, so the table
   * also tells whether a restart recovers; after {@value #MAX_FAILED_RUNS} failed runs in a row
   * the episode gives up.
   */
  private void jobFailed(TidemarkChild child, int exitCode) {
    stats.mismatch("run " + (runs - 1) + " of " + dirs.root() + " failed on its own (exit code " + exitCode + "): "
        + child.firstError() + " (log " + child.log() + ")");
    if (++failedInARow >= MAX_FAILED_RUNS) {
      throw new AssertionError(failedInARow + " runs in a row of " + dirs.root() + " failed; the last exited with "
          + exitCode + "; log " + child.log() + ":\n" + child.tail(60));
    }
  }
}

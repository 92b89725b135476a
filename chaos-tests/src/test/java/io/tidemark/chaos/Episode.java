package io.tidemark.chaos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One checkpoint directory's life: the job runs, a fault ends the run (and may damage its files),
 * the job is restarted from the same directory, again and again, until a run finishes on its own
 * (exit code 0). Counts restarts, faults and recovery times into the scenario's {@link
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
   * @return true if the fault struck; false if the job finished first (exit code 0, checked)
   * @throws AssertionError if the job failed (an exit code other than 0 when not struck)
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
      checkFinished(child, exitCode);
      stats.countFinishedFirst(fault.strike().label());
      return false;
    }
    previousStrike = fault.strike();
    List<String> labels = new ArrayList<>();
    labels.add(fault.strike().label());
    for (Damage damage : fault.damages()) {
      damage.apply(dirs, random);
      labels.add(damage.label());
    }
    stats.injected(labels);
    return true;
  }

  /** Runs the job without faults until it finishes, unless a run already has. */
  void finish() throws IOException, InterruptedException {
    if (finished) {
      return;
    }
    TidemarkChild child = start(List.of());
    int exitCode = child.awaitExit(shape.runTimeout());
    ended(child);
    checkFinished(child, exitCode);
  }

  /** The run that finished the job, or null before. */
  TidemarkChild lastRun() {
    return finished ? lastRun : null;
  }

  private TidemarkChild start(List<String> jvmOptions) throws IOException {
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

  private void checkFinished(TidemarkChild child, int exitCode) {
    if (exitCode != 0) {
      throw new AssertionError("run " + (runs - 1) + " of " + dirs.root() + " exited with " + exitCode
          + " instead of 0; log " + child.log() + ":\n" + child.tail(60));
    }
    finished = true;
  }
}

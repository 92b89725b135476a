package io.tidemark.chaos;

import java.util.Random;

/**
 * A chaos scenario: one kind of fault, chosen afresh for every run of an episode. The harness
 * ({@link ChaosRunner}) starts the runs, applies the faults, restarts the job and verifies the
 * result; a scenario only says which fault comes next.
 */
interface Scenario {
  /** The scenario's name in the summary table. */
  String name();

  /**
   * The fault of the scenario's next run.
   *
   * @param attempt how many faults the scenario tried before this one, over all its episodes (0
   *     for the first run of the first episode); a run that failed on its own does not count, so
   *     the same kind is tried again
   * @param random the scenario's seeded random source
   */
  Fault fault(int attempt, Random random);

  /**
   * The directories of an episode under {@code root} (created, empty): by default all local; a
   * scenario may put the checkpoint directory elsewhere (HDFS).
   */
  default JobDirs dirs(java.nio.file.Path root) throws java.io.IOException {
    return JobDirs.under(root);
  }

  /**
   * Whether the short form has done enough: by default once {@link #shortFormFaults()} faults
   * struck; a scenario whose fault may find nothing to damage can ask for more.
   */
  default boolean shortFormDone(ScenarioStats stats) {
    return stats.faults() >= shortFormFaults();
  }

  /** How many faults the short form (in {@code mvn verify}) injects. */
  int shortFormFaults();

  /**
   * Checks what the scenario must have covered once its faults are spent (e.g. every crash point
   * struck at least once), and notes what it could not cover. Nothing by default.
   *
   * @throws AssertionError if the scenario missed what it must cover
   */
  default void checkCoverage(ScenarioStats stats) {}
}

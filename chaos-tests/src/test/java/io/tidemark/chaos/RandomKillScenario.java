package io.tidemark.chaos;

import java.util.Random;

/**
 * Scenario 1: {@code kill -9} at seeded random instants of a run. Half the kills fall anywhere in
 * the first {@link JobShape#killWindow()} after the child's start ({@link KillAtRandomInstant}:
 * JVM start, restore, re-runs — on a loaded machine most of that window), half within four batch
 * intervals after its first new batch ({@link KillAfterNewBatch}: batches, data checkpoints, the
 * final stop), so both phases are hit whatever the machine's speed.
 */
record RandomKillScenario(JobShape shape) implements Scenario {
  /** Random kills in the short form. */
  static final int SHORT_FORM_KILLS = 20;

  @Override
  public String name() {
    return "1 random kill -9";
  }

  @Override
  public Fault fault(int attempt, Random random) {
    return Fault.of(random.nextBoolean() ? new KillAtRandomInstant(300, shape.killWindow().toMillis())
        : new KillAfterNewBatch(4 * shape.batchInterval().toMillis()));
  }

  @Override
  public int shortFormFaults() {
    return SHORT_FORM_KILLS;
  }
}

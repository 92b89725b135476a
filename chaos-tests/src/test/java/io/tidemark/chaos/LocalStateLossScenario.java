package io.tidemark.chaos;

import java.util.Random;

/**
 * Scenario 6: {@code kill -9} after a new batch, then the local state directory is deleted; the
 * restart restores from the data checkpoint.
 */
record LocalStateLossScenario() implements Scenario {
  @Override
  public String name() {
    return "6 local state deleted";
  }

  @Override
  public Fault fault(int attempt, Random random) {
    return Fault.of(new KillAfterNewBatch(1500), new LocalStateDeletion());
  }

  @Override
  public int shortFormFaults() {
    return 3;
  }
}

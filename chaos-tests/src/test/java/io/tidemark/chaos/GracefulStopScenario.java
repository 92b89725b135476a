package io.tidemark.chaos;

import java.util.Random;

/** Scenario 3: SIGTERM (graceful stop with a final checkpoint) after a new batch, then a restart. */
record GracefulStopScenario() implements Scenario {
  @Override
  public String name() {
    return "3 SIGTERM";
  }

  @Override
  public Fault fault(int attempt, Random random) {
    return Fault.of(new GracefulStop(1500));
  }

  @Override
  public int shortFormFaults() {
    return 3;
  }
}

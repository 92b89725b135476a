package io.tidemark.chaos;

import java.util.Random;

/** Scenario 1: {@code kill -9} at seeded random instants of a run (see {@link KillAtRandomInstant}). */
record RandomKillScenario(JobShape shape) implements Scenario {
  /** Random kills in the short form. */
  static final int SHORT_FORM_KILLS = 20;

  @Override
  public String name() {
    return "1 random kill -9";
  }

  @Override
  public Fault fault(int attempt, Random random) {
    return Fault.of(new KillAtRandomInstant(300, shape.killWindow().toMillis()));
  }

  @Override
  public int shortFormFaults() {
    return SHORT_FORM_KILLS;
  }
}

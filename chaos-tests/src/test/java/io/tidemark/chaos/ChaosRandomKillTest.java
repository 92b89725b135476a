package io.tidemark.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 1 in its short form: 20 {@code kill -9} at seeded random instants (see {@link RandomKillScenario}). */
@ExtendWith(ChaosSummaryExtension.class)
class ChaosRandomKillTest {
  @Test
  void killNineAtRandomInstantsLosesNothingAndCountsNothingTwice() throws Exception {
    ScenarioStats stats = ChaosRunner.runShortForm(RandomKillScenario::new);
    assertThat(stats.faults(KillAtRandomInstant.LABEL)).isGreaterThanOrEqualTo(RandomKillScenario.SHORT_FORM_KILLS);
    assertThat(stats.episodes()).isPositive();
  }
}

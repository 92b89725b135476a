package io.tidemark.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 2 in its short form: a halt at every named crash point (see {@link CrashPointScenario}). */
@ExtendWith(ChaosSummaryExtension.class)
class ChaosCrashPointTest {
  @Test
  void crashAtEveryNamedPointLosesNothing() throws Exception {
    ScenarioStats stats = ChaosRunner.runShortForm(shape -> new CrashPointScenario());
    assertThat(stats.faults()).isGreaterThanOrEqualTo(CrashPointScenario.ORDER.size() - 1);
  }
}

package io.tidemark.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 3 in its short form: SIGTERM, graceful stop, restart (see {@link GracefulStopScenario}). */
@ExtendWith(ChaosSummaryExtension.class)
class ChaosGracefulStopTest {
  @Test
  void sigtermStopsGracefullyAndTheRestartRerunsNothing() throws Exception {
    ScenarioStats stats = ChaosRunner.runShortForm(shape -> new GracefulStopScenario());
    assertThat(stats.faults("SIGTERM")).isEqualTo(3);
  }
}

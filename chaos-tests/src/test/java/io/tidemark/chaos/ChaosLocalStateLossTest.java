package io.tidemark.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 6 in its short form: the local state directory deleted between runs (see {@link LocalStateLossScenario}). */
@ExtendWith(ChaosSummaryExtension.class)
class ChaosLocalStateLossTest {
  @Test
  void deletedLocalStateIsRestoredFromTheDataCheckpoint() throws Exception {
    ScenarioStats stats = ChaosRunner.runShortForm(shape -> new LocalStateLossScenario());
    assertThat(stats.faults("state dir deleted")).isEqualTo(3);
  }
}

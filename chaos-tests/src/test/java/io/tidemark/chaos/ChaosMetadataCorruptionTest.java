package io.tidemark.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 4 in its short form: the newest metadata checkpoint flipped, truncated, emptied (see {@link MetadataCorruptionScenario}). */
@ExtendWith(ChaosSummaryExtension.class)
class ChaosMetadataCorruptionTest {
  @Test
  void corruptNewestMetadataCheckpointFallsBackAndLosesNothing() throws Exception {
    ScenarioStats stats = ChaosRunner.runShortForm(shape -> new MetadataCorruptionScenario());
    assertThat(stats.faults()).isEqualTo(3);
  }
}

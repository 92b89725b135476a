package io.tidemark.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 5 in its short form: the last WAL segment truncated mid-record (see {@link WalTruncationScenario}). */
@ExtendWith(ChaosSummaryExtension.class)
class ChaosWalTruncationTest {
  @Test
  void truncatedLastWalSegmentLosesNothing() throws Exception {
    ScenarioStats stats = ChaosRunner.runShortForm(shape -> new WalTruncationScenario());
    assertThat(stats.faults()).isGreaterThanOrEqualTo(3);
    assertThat(stats.faults(StateWalTruncation.LABEL)).as("logs actually cut")
        .isGreaterThanOrEqualTo(WalTruncationScenario.SHORT_FORM_CUTS);
  }
}

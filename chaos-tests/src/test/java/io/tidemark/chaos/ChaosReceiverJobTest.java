package io.tidemark.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.streaming.scheduler.CrashPoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 8 in its short form: the receiver job under {@code kill -9} at random instants and
 * halts in the middle of a WAL write; every record counted exactly once (see {@link
 * ReceiverJobScenario}).
 */
@ExtendWith(ChaosSummaryExtension.class)
class ChaosReceiverJobTest {
  private final List<ReceiverJobScenario> scenarios = new ArrayList<>();

  @AfterEach
  void closeSenders() {
    scenarios.forEach(ReceiverJobScenario::close);
  }

  @Test
  void everyAcknowledgedRecordIsCountedExactlyOnce() throws Exception {
    ScenarioStats stats = ChaosRunner.runShortForm(shape -> {
      ReceiverJobScenario scenario = new ReceiverJobScenario(shape);
      scenarios.add(scenario);
      return scenario;
    });
    assertThat(stats.faults(KillAtRandomInstant.LABEL)).isPositive();
    assertThat(stats.faults(CrashAt.label(CrashPoint.DURING_WAL_WRITE))).isPositive();
  }
}

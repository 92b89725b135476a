package io.tidemark.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The soak: every scenario in turn (1–6, then 7 on a MiniDFSCluster started here, then 8) on
 * {@code flights-3m}, until {@code -Dtidemark.chaos.soak=1h}
 * has passed or {@code -Dtidemark.chaos.faults=500} faults struck (see {@link ChaosSettings});
 * skipped in the short form.
 */
@ExtendWith(ChaosSummaryExtension.class)
class ChaosSoakTest {
  @Test
  void everyScenarioAgainAndAgainLosesNothing() throws Exception {
    ChaosRunner runner = ChaosRunner.fromSystemProperties();
    Assumptions.assumeTrue(runner.settings().isSoak(), "the soak runs with -Dtidemark.chaos.soak=DURATION or "
        + "-Dtidemark.chaos.faults=N");
    Assumptions.assumeTrue(java.nio.file.Files.exists(runner.settings().soakInput()),
        "the soak's input is missing: run scripts/fetch-flights.sh");
    JobShape shape = runner.settings().shape();
    java.nio.file.Path hdfsBase = java.nio.file.Files.createTempDirectory("chaos-soak-hdfs-");
    try (io.tidemark.checkpoint.testsupport.MiniHdfs hdfs = io.tidemark.checkpoint.testsupport.MiniHdfs.start(
            hdfsBase);
        ReceiverJobScenario receiverJob = new ReceiverJobScenario(shape)) {
      List<Scenario> scenarios = new java.util.ArrayList<>(Scenarios.all(shape));
      scenarios.add(new HdfsStorageFaultScenario(hdfs));
      scenarios.add(receiverJob);
      List<ScenarioStats> all = runner.soak(scenarios);
      for (ScenarioStats stats : all) {
        ChaosRunner.assertNoMismatch(stats);
      }
      assertThat(all.stream().mapToInt(ScenarioStats::faults).sum()).isPositive();
    } finally {
      org.apache.hadoop.fs.FileSystem.closeAll();
      JobDirs.deleteRecursively(hdfsBase);
    }
  }
}

package io.tidemark.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.checkpoint.testsupport.MiniHdfs;
import java.nio.file.Path;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 7 in its short form: the checkpoint directory on a real HDFS; the name node restarted,
 * the data node stopped and the space quota exhausted while the job runs, each once (see {@link
 * HdfsStorageFaultScenario}).
 */
@ExtendWith(ChaosSummaryExtension.class)
class ChaosHdfsStorageTest {
  private static MiniHdfs hdfs;

  @BeforeAll
  static void startHdfs(@TempDir Path base) throws Exception {
    hdfs = MiniHdfs.start(base.resolve("hdfs"));
  }

  @AfterAll
  static void stopHdfs() throws Exception {
    FileSystem.closeAll();
    if (hdfs != null) {
      hdfs.close();
    }
  }

  @Test
  void storageFaultsStopTheJobClearlyAndItResumesWithNothingLost() throws Exception {
    ScenarioStats stats = ChaosRunner.runShortForm(shape -> new HdfsStorageFaultScenario(hdfs));
    for (HdfsStorageFault.Kind kind : HdfsStorageFault.Kind.values()) {
      assertThat(stats.faults(kind.label)).as(kind.label).isPositive();
    }
  }
}

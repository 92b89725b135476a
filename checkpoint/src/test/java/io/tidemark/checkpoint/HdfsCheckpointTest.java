package io.tidemark.checkpoint;

import io.tidemark.checkpoint.testsupport.MiniHdfs;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint guarantees on a real HDFS (one MiniDFSCluster for the class), 100,000 keys. */
class HdfsCheckpointTest extends CheckpointContractTest {
  private static MiniHdfs hdfs;
  private static int counter;

  @BeforeAll
  static void startCluster(@TempDir java.nio.file.Path base) throws IOException {
    hdfs = MiniHdfs.start(base);
  }

  @AfterAll
  static void stopCluster() {
    if (hdfs != null) {
      hdfs.close();
    }
  }

  @Override
  Path checkpointRoot(String name) {
    return hdfs.qualified("/checkpoints/" + name + "-" + (++counter));
  }

  @Override
  Configuration conf() {
    return hdfs.conf();
  }

  @Override
  long keys() {
    return 100_000;
  }
}

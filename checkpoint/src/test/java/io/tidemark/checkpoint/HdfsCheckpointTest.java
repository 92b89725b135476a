package io.tidemark.checkpoint;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint guarantees on a real HDFS (one MiniDFSCluster for the class), 100,000 keys. */
class HdfsCheckpointTest extends CheckpointContractTest {
  private static MiniDFSCluster cluster;
  private static Configuration conf;
  private static org.apache.hadoop.fs.FileSystem fs;
  private static int counter;

  @BeforeAll
  static void startCluster(@TempDir java.nio.file.Path base) throws IOException {
    Configuration c = new Configuration();
    c.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    c.setInt("dfs.replication", 1); // in the client configuration too
    cluster = new MiniDFSCluster.Builder(c).numDataNodes(1).build();
    cluster.waitActive();
    fs = cluster.getFileSystem();
    conf = fs.getConf();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  @Override
  Path checkpointRoot(String name) {
    return fs.makeQualified(new Path("/checkpoints/" + name + "-" + (++counter)));
  }

  @Override
  Configuration conf() {
    return conf;
  }

  @Override
  long keys() {
    return 100_000;
  }
}

package io.tidemark.wal.fs;

import io.tidemark.wal.WalOptions;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The log's guarantees on a real HDFS: one {@link MiniDFSCluster} for the whole class. */
class HdfsLogTest extends WriteAheadLogContractTest {

  private static MiniDFSCluster cluster;
  private static FileSystem fs;

  @BeforeAll
  static void startCluster(@TempDir java.nio.file.Path base) throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    // In the client configuration too, or appends and pipelines expect three DataNodes.
    conf.setInt("dfs.replication", 1);
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    fs = cluster.getFileSystem();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  @Override
  protected FileSystem fileSystem() {
    return fs;
  }

  @Override
  protected Path baseDirectory() {
    return fs.makeQualified(new Path("/wal-test"));
  }

  @Override
  protected SegmentedFileLog open(Path dir, WalOptions options) {
    return SegmentedFileLog.open(dir, fs.getConf(), options);
  }
}

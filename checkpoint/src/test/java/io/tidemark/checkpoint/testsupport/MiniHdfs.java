package io.tidemark.checkpoint.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.protocol.HdfsConstants;

/**
 * A real HDFS for tests: a {@link MiniDFSCluster} with one name node and one data node
 * (replication 1), storing under a test directory. Start one per test class and close it in
 * {@code @AfterAll}. Shared with other modules' tests through this module's test-jar.
 */
public final class MiniHdfs implements AutoCloseable {
  private final MiniDFSCluster cluster;
  private final FileSystem fs;
  private MiniDFSCluster.DataNodeProperties stoppedDataNode;

  private MiniHdfs(MiniDFSCluster cluster) throws IOException {
    this.cluster = cluster;
    this.fs = cluster.getFileSystem();
  }

  /**
   * Settings every cluster starts with (a test may override them). A {@code close()} whose last
   * block the data node has not reported yet is refused by the name node, and the client retries
   * after 400 ms, doubling, 5 times ({@code DFSOutputStream.completeFile}): with one data node that
   * hit about half the closes, ~0.4 s per batch of two metadata checkpoints, and a job with 200 ms
   * batches fell behind. The first setting lets the name node accept a committed last block; the
   * other two (the client's, set here because Hadoop caches the {@code FileSystem} this class
   * creates) retry after 25 ms, doubling, 9 times: as long in total, but sooner.
   */
  public static final Map<String, String> DEFAULT_SETTINGS = Map.of(
      "dfs.namenode.file.close.num-committed-allowed", "1",
      "dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "25",
      "dfs.client.block.write.locateFollowingBlock.retries", "9");

  /** Starts the cluster with its storage under {@code base} and waits until it is active. */
  public static MiniHdfs start(Path base) throws IOException {
    return start(base, Map.of());
  }

  /**
   * As {@link #start(Path)}, with extra Hadoop settings of the cluster (and of the client it
   * returns), applied over {@link #DEFAULT_SETTINGS}.
   */
  public static MiniHdfs start(Path base, Map<String, String> settings) throws IOException {
    Configuration c = new Configuration();
    DEFAULT_SETTINGS.forEach(c::set);
    settings.forEach(c::set);
    c.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    c.setInt("dfs.replication", 1); // in the client configuration too
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(c).numDataNodes(1).build();
    cluster.waitActive();
    return new MiniHdfs(cluster);
  }

  /** The cluster's file system. */
  public FileSystem fileSystem() {
    return fs;
  }

  /** The client configuration (its {@code fs.defaultFS} is the cluster). */
  public Configuration conf() {
    return fs.getConf();
  }

  /** {@code path} (absolute, e.g. {@code /checkpoints/x}) as an {@code hdfs://} URI of the cluster. */
  public org.apache.hadoop.fs.Path qualified(String path) {
    return fs.makeQualified(new org.apache.hadoop.fs.Path(path));
  }

  /**
   * Restarts the name node on the same ports and waits until it is active and out of safe mode
   * (clients see connection refusals, then the restarted name node).
   */
  public void restartNameNode() throws IOException {
    cluster.restartNameNode(true);
  }

  /** Stops the (only) data node; {@link #restartDataNode} starts it again on the same ports. */
  public void stopDataNode() {
    stoppedDataNode = cluster.stopDataNode(0);
  }

  /** Starts the data node {@link #stopDataNode} stopped and waits until the cluster is active. */
  public void restartDataNode() throws IOException {
    if (stoppedDataNode == null) {
      throw new IllegalStateException("no stopped data node");
    }
    cluster.restartDataNode(stoppedDataNode, true);
    stoppedDataNode = null;
    cluster.waitActive();
  }

  /**
   * Sets the space quota of {@code dir} (bytes of all replicas of its files), or clears it with
   * {@code bytes < 0}. A write past the quota fails with {@code DSQuotaExceededException}.
   */
  public void setSpaceQuota(String dir, long bytes) throws IOException {
    ((DistributedFileSystem) fs).setQuota(new org.apache.hadoop.fs.Path(dir), HdfsConstants.QUOTA_DONT_SET,
        bytes < 0 ? HdfsConstants.QUOTA_RESET : bytes);
  }

  @Override
  public void close() {
    cluster.shutdown();
  }
}

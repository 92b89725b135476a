package io.tidemark.chaos;

import io.tidemark.checkpoint.testsupport.MiniHdfs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario 7: storage faults on a real HDFS ({@link MiniHdfs}, one name node and one data node on
 * loopback in this JVM) holding the checkpoint directory — the name node restarted, the data node
 * stopped, the space quota exhausted, in turn (see {@link HdfsStorageFault}). The local state
 * directory stays on local disk, as in production.
 */
final class HdfsStorageFaultScenario implements Scenario {
  private final MiniHdfs hdfs;
  private final AtomicInteger episodes = new AtomicInteger();
  private volatile String checkpointPath;

  HdfsStorageFaultScenario(MiniHdfs hdfs) {
    this.hdfs = hdfs;
  }

  @Override
  public String name() {
    return "7 HDFS storage faults";
  }

  @Override
  public JobDirs dirs(Path root) throws IOException {
    checkpointPath = "/chaos/episode-" + episodes.getAndIncrement() + "-" + System.nanoTime();
    hdfs.fileSystem().mkdirs(new org.apache.hadoop.fs.Path(checkpointPath));
    // The client's default replication is 3; the cluster has one data node.
    return JobDirs.under(root).checkpointingTo(new CheckpointLocation(hdfs.qualified(checkpointPath).toString(),
        Map.of("dfs.replication", "1")));
  }

  @Override
  public Fault fault(int attempt, Random random) {
    HdfsStorageFault.Kind[] kinds = HdfsStorageFault.Kind.values();
    return Fault.of(new HdfsStorageFault(hdfs, kinds[attempt % kinds.length], checkpointPath));
  }

  @Override
  public int shortFormFaults() {
    return HdfsStorageFault.Kind.values().length;
  }

  /**
   * Done once every kind of fault struck a running job, or after three rounds of faults (the
   * coverage check then names the kind that never struck). A fault comes once a data checkpoint
   * is on HDFS, ~10 s into a run of ~10 s of input, so a run often finishes before its fault and
   * the next kind is tried: a fixed count of faults could be spent without one of the kinds.
   */
  @Override
  public boolean shortFormDone(ScenarioStats stats) {
    boolean everyKind = java.util.Arrays.stream(HdfsStorageFault.Kind.values())
        .allMatch(kind -> stats.faults(kind.label) > 0);
    return everyKind || stats.faults() >= 3 * shortFormFaults();
  }

  @Override
  public void checkCoverage(ScenarioStats stats) {
    for (HdfsStorageFault.Kind kind : HdfsStorageFault.Kind.values()) {
      if (stats.faults(kind.label) == 0) {
        throw new AssertionError("'" + kind.label + "' never struck a running job");
      }
    }
  }
}

package io.tidemark.streaming.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.streaming.Time;
import io.tidemark.wal.WalOptions;
import io.tidemark.wal.fs.SegmentedFileLog;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tracker's log rebuilds exactly the same allocation of blocks to batches. */
class ReceivedBlockTrackerTest {

  private static ReceivedBlockTracker open(Path dir) {
    return ReceivedBlockTracker.recover(SegmentedFileLog.open(
        new org.apache.hadoop.fs.Path(dir.toUri()), new Configuration(), WalOptions.defaults()));
  }

  private static ReceivedBlock block(int stream, long id, long time) {
    return new ReceivedBlock(new ReceivedBlockInfo(stream, id, 10, null), List.of(), time);
  }

  private static List<Long> ids(List<ReceivedBlock> blocks) {
    return blocks.stream().map(b -> b.info().blockId()).toList();
  }

  @Test
  void afterARestartEveryBlockIsInItsBatchOrStillUnallocated(@TempDir Path dir) {
    try (ReceivedBlockTracker t = open(dir)) {
      t.addBlock(block(0, 0, 900));
      t.addBlock(block(1, 0, 950));
      t.allocateBlocksToBatch(new Time(1000));
      t.addBlock(block(0, 1, 1100));
      t.allocateBlocksToBatch(new Time(2000));
      t.addBlock(block(0, 2, 2100));
      t.addBlock(block(1, 1, 2200));
    }
    try (ReceivedBlockTracker t = open(dir)) {
      assertThat(ids(t.blocksOf(new Time(1000), 0))).containsExactly(0L);
      assertThat(ids(t.blocksOf(new Time(1000), 1))).containsExactly(0L);
      assertThat(ids(t.blocksOf(new Time(2000), 0))).containsExactly(1L);
      assertThat(t.blocksOf(new Time(2000), 1)).isEmpty();
      assertThat(ids(t.unallocatedBlocks(0))).containsExactly(2L);
      assertThat(ids(t.unallocatedBlocks(1))).containsExactly(1L);
      assertThat(t.nextBlockId(0)).isEqualTo(3);
      assertThat(t.nextBlockId(1)).isEqualTo(2);
      // Re-allocating a known batch time is idempotent; a new time takes the queued blocks.
      assertThat(ids(t.allocateBlocksToBatch(new Time(2000)).get(0))).containsExactly(1L);
      assertThat(ids(t.allocateBlocksToBatch(new Time(3000)).get(0))).containsExactly(2L);
    }
    try (ReceivedBlockTracker t = open(dir)) {
      assertThat(ids(t.blocksOf(new Time(3000), 0))).containsExactly(2L);
      assertThat(ids(t.blocksOf(new Time(3000), 1))).containsExactly(1L);
      assertThat(t.hasUnallocatedBlocks()).isFalse();
    }
  }

  @Test
  void cleanupIsLoggedAndForgetsOldBatches(@TempDir Path dir) {
    try (ReceivedBlockTracker t = open(dir)) {
      t.addBlock(block(0, 0, 900));
      t.allocateBlocksToBatch(new Time(1000));
      t.addBlock(block(0, 1, 1900));
      t.allocateBlocksToBatch(new Time(2000));
      t.cleanupOldBatches(new Time(1000));
      assertThat(t.allocatedBatches().keySet()).containsExactly(new Time(2000));
    }
    try (ReceivedBlockTracker t = open(dir)) {
      assertThat(t.allocatedBatches().keySet()).containsExactly(new Time(2000));
      assertThat(ids(t.blocksOf(new Time(2000), 0))).containsExactly(1L);
    }
  }
}

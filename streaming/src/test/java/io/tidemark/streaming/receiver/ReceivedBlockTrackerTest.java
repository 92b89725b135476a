package io.tidemark.streaming.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tidemark.streaming.Time;
import io.tidemark.streaming.receiver.TrackerEvent.BatchAllocated;
import io.tidemark.streaming.receiver.TrackerEvent.BlockRef;
import io.tidemark.wal.WalOptions;
import io.tidemark.wal.WriteAheadLog;
import io.tidemark.wal.fs.SegmentedFileLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tracker's log rebuilds exactly the same allocation of blocks to batches. */
class ReceivedBlockTrackerTest {

  /** A new segment every second of event time, so that cleanups delete segments in these tests. */
  private static final WalOptions ROLL_EVERY_SECOND = WalOptions.defaults().withRollingInterval(Duration.ofSeconds(1));

  private static ReceivedBlockTracker open(Path dir) {
    return ReceivedBlockTracker.recover(openLog(dir));
  }

  private static WriteAheadLog openLog(Path dir) {
    return SegmentedFileLog.open(new org.apache.hadoop.fs.Path(dir.toUri()), new Configuration(), ROLL_EVERY_SECOND);
  }

  private static ReceivedBlock block(int stream, long id, long time) {
    return new ReceivedBlock(new ReceivedBlockInfo(stream, id, 10, null), List.of(), time);
  }

  private static ReceivedBlock block(int stream, long id, long time, long position) {
    return new ReceivedBlock(new ReceivedBlockInfo(stream, id, 10, null, position(position)), List.of(), time);
  }

  private static byte[] position(long seq) {
    return ByteBuffer.allocate(8).putLong(seq).array();
  }

  private static long positionOf(ReceivedBlockTracker t, int stream) {
    return ByteBuffer.wrap(t.newestSourcePosition(stream).orElseThrow().position()).getLong();
  }

  private static long segments(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("log-")).count();
    }
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

  @Test
  void theNewestStoredPositionSurvivesARestart(@TempDir Path dir) {
    try (ReceivedBlockTracker t = open(dir)) {
      assertThat(t.newestSourcePosition(0)).isEmpty();
      t.addBlock(block(0, 0, 100, 9));
      t.addBlock(block(0, 1, 150, 19));
      t.addBlock(block(1, 0, 160, 5));
      t.addBlock(block(0, 2, 170)); // a block without a position keeps the newest one
      assertThat(positionOf(t, 0)).isEqualTo(19);
      t.allocateBlocksToBatch(new Time(1000));
    }
    try (ReceivedBlockTracker t = open(dir)) {
      assertThat(positionOf(t, 0)).isEqualTo(19);
      assertThat(t.newestSourcePosition(0).orElseThrow().blockId()).isEqualTo(1);
      assertThat(positionOf(t, 1)).isEqualTo(5);
      assertThat(t.newestSourcePosition(2)).isEmpty();
    }
  }

  @Test
  void positionsAndNextBlockIdsSurviveACleanupThatDeletedTheirBlocksEvents(@TempDir Path dir) throws IOException {
    try (ReceivedBlockTracker t = open(dir)) {
      t.addBlock(block(0, 0, 100, 9));
      t.addBlock(block(0, 1, 200, 19));
      t.allocateBlocksToBatch(new Time(1000));
      t.addBlock(block(1, 0, 1500, 4));
      t.allocateBlocksToBatch(new Time(2000));
      t.cleanupOldBatches(new Time(3000));
      // Every block's BlockAdded event lived in a segment before 3000: the cleanup deletes them.
      await().atMost(Duration.ofSeconds(30)).until(() -> segments(dir) == 1);
      assertThat(t.allocatedBatches()).isEmpty();
    }
    try (ReceivedBlockTracker t = open(dir)) {
      // Before StreamsProgressed, both came back as 0 / empty: block ids were reused.
      assertThat(t.nextBlockId(0)).isEqualTo(2);
      assertThat(t.nextBlockId(1)).isEqualTo(1);
      assertThat(positionOf(t, 0)).isEqualTo(19);
      assertThat(positionOf(t, 1)).isEqualTo(4);
      t.addBlock(block(0, 2, 3500, 29));
      t.allocateBlocksToBatch(new Time(4000));
      t.cleanupOldBatches(new Time(6000));
      await().atMost(Duration.ofSeconds(30)).until(() -> segments(dir) == 1);
    }
    try (ReceivedBlockTracker t = open(dir)) {
      assertThat(t.nextBlockId(0)).isEqualTo(3);
      assertThat(t.nextBlockId(1)).isEqualTo(1);
      assertThat(positionOf(t, 0)).isEqualTo(29);
      assertThat(positionOf(t, 1)).isEqualTo(4);
    }
  }

  @Test
  void anAllocationWhoseBlockWasInAnEarlierCleanedSegmentReplays(@TempDir Path dir) throws IOException {
    try (ReceivedBlockTracker t = open(dir)) {
      t.addBlock(block(0, 0, 900, 9)); // segment [900, 1900)
      t.allocateBlocksToBatch(new Time(2000)); // segment [2000, 3000)
      t.cleanupOldBatches(new Time(2000)); // deletes the first segment only
      await().atMost(Duration.ofSeconds(30)).until(() -> segments(dir) == 1);
    }
    // The surviving BatchAllocated names a block whose BlockAdded is gone; the batch is cleaned.
    try (ReceivedBlockTracker t = open(dir)) {
      assertThat(t.allocatedBatches()).isEmpty();
      assertThat(t.nextBlockId(0)).isEqualTo(1);
      assertThat(positionOf(t, 0)).isEqualTo(9);
    }
  }

  @Test
  void aRememberedBatchWithAnUnknownBlockIsAnError(@TempDir Path dir) {
    try (WriteAheadLog log = openLog(dir)) {
      log.write(TrackerEventCodec.encode(new BatchAllocated(1000, List.of(new BlockRef(0, 5)))), 1000);
    }
    assertThatThrownBy(() -> open(dir)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allocates blocks [BlockRef[streamId=0, blockId=5]] to batch 1000");
  }

  @Test
  void aCorruptEventIsNamedByItsLogAndNumber(@TempDir Path dir) {
    try (WriteAheadLog log = openLog(dir)) {
      log.write(TrackerEventCodec.encode(new BatchAllocated(1000, List.of())), 1000);
      log.write(ByteBuffer.wrap(new byte[] {2, 1, 0, 0}), 1000); // a BlockAdded cut after 2 bytes of 4
    }
    assertThatThrownBy(() -> open(dir)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(dir.getFileName().toString()).hasMessageContaining("event #1")
        .hasMessageContaining("truncated");
  }

  @Test
  void revokedAllocationsReturnTheirBlocksToTheQueueAlsoAfterARestart(@TempDir Path dir) {
    try (ReceivedBlockTracker t = open(dir)) {
      t.addBlock(block(0, 0, 100, 9));
      t.addBlock(block(0, 1, 150, 19));
      t.allocateBlocksToBatch(new Time(200));
      t.addBlock(block(0, 2, 250, 29));
      t.allocateBlocksToBatch(new Time(400));
      t.addBlock(block(0, 3, 450, 39));
    }
    try (ReceivedBlockTracker t = open(dir)) {
      // The process died before its first metadata checkpoint: batches 200 and 400 never ran.
      t.revokeAllocations();
      assertThat(t.allocatedBatches()).isEmpty();
      assertThat(ids(t.unallocatedBlocks(0))).containsExactly(0L, 1L, 2L, 3L);
    }
    try (ReceivedBlockTracker t = open(dir)) {
      assertThat(t.allocatedBatches()).isEmpty();
      assertThat(ids(t.unallocatedBlocks(0))).containsExactly(0L, 1L, 2L, 3L);
      assertThat(ids(t.allocateBlocksToBatch(new Time(5000)).get(0))).containsExactly(0L, 1L, 2L, 3L);
      assertThat(positionOf(t, 0)).isEqualTo(39);
    }
  }
}

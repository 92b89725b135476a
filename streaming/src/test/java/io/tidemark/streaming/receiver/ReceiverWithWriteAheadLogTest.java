package io.tidemark.streaming.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tidemark.streaming.BatchInfo;
import io.tidemark.streaming.StreamingContext;
import io.tidemark.streaming.StreamingListener;
import io.tidemark.streaming.StreamingTestHarness;
import io.tidemark.streaming.TidemarkConf;
import io.tidemark.streaming.scheduler.ManualClock;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Receivers: reliable store through the WAL, recovery of unallocated blocks, restarts, rate limit. */
class ReceiverWithWriteAheadLogTest {

  @AfterEach
  void noContextLeftActive() {
    StreamingContext.getActive().ifPresent(StreamingContext::stop);
  }

  /** Stores the given records as reliable blocks of {@code blockSize}, then idles. */
  static final class ListReceiver extends Receiver<String> {
    final List<String> records;
    final int blockSize;
    final List<String> acknowledged = new CopyOnWriteArrayList<>();

    ListReceiver(List<String> records, int blockSize) {
      this.records = records;
      this.blockSize = blockSize;
    }

    @Override
    public void onStart() {
      Thread t = new Thread(() -> {
        for (int i = 0; i < records.size() && !isStopped(); i += blockSize) {
          List<String> block = records.subList(i, Math.min(records.size(), i + blockSize));
          store(block);
          acknowledged.addAll(block); // store returned: the block is in the WAL
        }
      });
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void onStop() {}
  }

  /**
   * Stores records {@code r<seq>} for seq from the stored position + 1 up to {@code stopAt}, as
   * blocks of {@code blockSize} with the block's last seq as the position (8 bytes); asks for a
   * restart once after {@code restartAfterBlocks} blocks of its first start (0: never).
   */
  static final class SequenceReceiver extends Receiver<String> {
    final int stopAt;
    final int blockSize;
    final int restartAfterBlocks;
    final List<Long> startedFrom = new CopyOnWriteArrayList<>();
    volatile long lastStored = -1;

    SequenceReceiver(int stopAt, int blockSize, int restartAfterBlocks) {
      this.stopAt = stopAt;
      this.blockSize = blockSize;
      this.restartAfterBlocks = restartAfterBlocks;
    }

    @Override
    public void onStart() {
      long from = storedSourcePosition().map(b -> ByteBuffer.wrap(b).getLong() + 1).orElse(0L);
      startedFrom.add(from);
      boolean first = startedFrom.size() == 1;
      Thread t = new Thread(() -> {
        int blocks = 0;
        for (long seq = from; seq < stopAt && !isStopped(); seq += blockSize) {
          long end = Math.min(stopAt, seq + blockSize);
          List<String> block = new ArrayList<>();
          for (long i = seq; i < end; i++) {
            block.add("r" + i);
          }
          store(block, ByteBuffer.allocate(8).putLong(end - 1).array());
          lastStored = end - 1;
          if (first && ++blocks == restartAfterBlocks) {
            restart("test: reconnect", null);
            return;
          }
        }
      });
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void onStop() {}
  }

  @Test
  void aRestartedReceiverResumesAfterItsStoredPositionInTheSameProcess(@TempDir Path dir) {
    SequenceReceiver receiver = new SequenceReceiver(100, 10, 3);
    List<String> processed = new CopyOnWriteArrayList<>();
    TidemarkConf conf = walConf().set(TidemarkConf.RECEIVER_RESTART_DELAY, "50ms");
    try (StreamingContext ssc = new StreamingContext(conf, Duration.ofSeconds(1))) {
      ssc.checkpoint(dir.toString());
      ssc.receiverStream(receiver).foreachBatch(b -> processed.addAll(b.collect()));
      ssc.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> receiver.lastStored == 99);
      ((ManualClock) ssc.clock()).advance(1000);
      await().atMost(Duration.ofSeconds(60)).until(() -> processed.size() >= 100);
    }
    assertThat(receiver.startedFrom).containsExactly(0L, 30L);
    assertThat(processed).containsExactlyElementsOf(numbered(100));
  }

  @Test
  void aReceiverInANewProcessResumesAfterThePositionStoredBeforeTheStop(@TempDir Path dir) {
    SequenceReceiver first = new SequenceReceiver(45, 10, 0);
    try (StreamingContext ssc = new StreamingContext(walConf(), Duration.ofSeconds(1))) {
      ssc.checkpoint(dir.toString());
      ssc.receiverStream(first).foreachBatch(b -> { });
      ssc.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> first.lastStored == 44);
      ssc.stop(false);
    }
    SequenceReceiver second = new SequenceReceiver(100, 10, 0);
    List<String> processed = new CopyOnWriteArrayList<>();
    try (StreamingContext ssc = new StreamingContext(walConf(), Duration.ofSeconds(1))) {
      ssc.checkpoint(dir.toString());
      ssc.receiverStream(second).foreachBatch(b -> processed.addAll(b.collect()));
      ssc.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> second.lastStored == 99);
      ((ManualClock) ssc.clock()).advance(1000);
      await().atMost(Duration.ofSeconds(60)).until(() -> processed.size() >= 100);
    }
    assertThat(second.startedFrom).containsExactly(45L);
    assertThat(processed).containsExactlyElementsOf(numbered(100));
  }

  private static TidemarkConf walConf() {
    return StreamingTestHarness.conf("memory").set(TidemarkConf.RECEIVER_WAL_ENABLE, "true");
  }

  private static List<String> numbered(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("r" + i);
    }
    return out;
  }

  @Test
  void theWalNeedsACheckpointDirectory() {
    StreamingContext ssc = new StreamingContext(walConf(), Duration.ofSeconds(1));
    ssc.receiverStream(new ListReceiver(List.of(), 1)).print();
    assertThatThrownBy(ssc::start).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a checkpoint directory");
  }

  @Test
  void blocksStoredBeforeAStopAreProcessedAfterTheRestart(@TempDir Path dir) throws Exception {
    List<String> records = numbered(500);
    // Run 1: the receiver stores every block (acknowledged), but no batch runs before the stop.
    StreamingContext first = new StreamingContext(walConf(), Duration.ofSeconds(1));
    first.checkpoint(dir.toString());
    ListReceiver receiver = new ListReceiver(records, 50);
    first.receiverStream(receiver).foreachBatch(b -> { });
    first.start();
    await().until(() -> receiver.acknowledged.size() == 500);
    first.stop(false);
    try (Stream<Path> segments = Files.list(dir.resolve("receivers/0"))) {
      assertThat(segments.count()).isPositive();
    }

    // Run 2: the tracker's log gives the unallocated blocks to the first batch; records come from the WAL.
    List<String> processed = new CopyOnWriteArrayList<>();
    StreamingContext second = new StreamingContext(walConf(), Duration.ofSeconds(1));
    second.checkpoint(dir.toString());
    second.receiverStream(new ListReceiver(List.of(), 1)).foreachBatch(b -> processed.addAll(b.collect()));
    second.start();
    ((ManualClock) second.clock()).advance(1000);
    await().until(() -> processed.size() >= 500);
    second.stop(false);
    assertThat(processed).containsExactlyElementsOf(records);
  }

  @Test
  void aReceiverThatAsksToRestartIsStoppedAndStartedAgain() {
    AtomicInteger starts = new AtomicInteger();
    AtomicInteger stops = new AtomicInteger();
    Receiver<String> flaky = new Receiver<>() {
      @Override
      public void onStart() {
        if (starts.incrementAndGet() < 3) {
          restart("simulated failure " + starts.get(), new IllegalStateException("boom"));
        }
      }

      @Override
      public void onStop() {
        stops.incrementAndGet();
      }
    };
    TidemarkConf conf = StreamingTestHarness.conf("memory").set(TidemarkConf.RECEIVER_RESTART_DELAY, "50ms");
    try (StreamingContext ssc = new StreamingContext(conf, Duration.ofSeconds(1))) {
      ssc.receiverStream(flaky).print();
      ssc.start();
      await().until(() -> starts.get() == 3);
      assertThat(stops.get()).isEqualTo(2);
      assertThat(flaky.isStopped()).isFalse();
    }
    assertThat(flaky.isStopped()).isTrue();
    assertThat(stops.get()).isEqualTo(3);
  }

  @Test
  void maxRateBoundsTheRecordsOfABatch() {
    Receiver<String> fast = new Receiver<>() {
      @Override
      public void onStart() {
        Thread t = new Thread(() -> {
          int i = 0;
          while (!isStopped()) {
            store("x" + i++);
          }
        });
        t.setDaemon(true);
        t.start();
      }

      @Override
      public void onStop() {}
    };
    TidemarkConf conf = new TidemarkConf().set(TidemarkConf.STATE_BACKEND, "memory")
        .set(TidemarkConf.RECEIVER_MAX_RATE, "500").set(TidemarkConf.BLOCK_INTERVAL, "50ms");
    List<BatchInfo> batches = new CopyOnWriteArrayList<>();
    try (StreamingContext ssc = new StreamingContext(conf, Duration.ofMillis(500))) {
      ssc.receiverStream(fast).foreachBatch(b -> { });
      ssc.addStreamingListener(new StreamingListener() {
        @Override
        public void onBatchCompleted(BatchInfo info) {
          batches.add(info);
        }
      });
      ssc.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> batches.size() >= 4);
    }
    long total = batches.stream().mapToLong(BatchInfo::numRecords).sum();
    assertThat(total).isPositive();
    // 500 records/s over 4+ batches of 500 ms: far below what the loop could store unthrottled.
    for (BatchInfo b : batches) {
      assertThat(b.numRecords()).isLessThanOrEqualTo(1_000);
    }
  }
}

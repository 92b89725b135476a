package io.tidemark.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidemark.streaming.dstream.ReplayInputNode;
import io.tidemark.streaming.dstream.ShuffledNode;
import io.tidemark.streaming.dstream.StreamNode;
import io.tidemark.streaming.scheduler.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What the nodes above a window keep between batches: the window reads its parent's remembered
 * per-key results, so that shuffle keeps a window's worth of batches; the cached records above
 * the shuffle are not needed again and are dropped after their batch, while the input keeps the
 * offset ranges of a window's worth of batches so that a restart can recompute them.
 */
class RememberDurationTest {
  private static final Duration BATCH = Duration.ofSeconds(1);
  private static final Duration WINDOW = Duration.ofSeconds(5);

  @Test
  void aShuffleKeepsAWindowOfResultsWhileTheCachedRecordsAboveItAreDroppedAndTheirLineageKept() {
    SequenceInput input = new SequenceInput(1_000);
    List<List<KeyValue<Long, Long>>> windows = new CopyOnWriteArrayList<>();
    try (StreamingContext ssc = new StreamingContext(StreamingTestHarness.conf("memory"), BATCH)) {
      ReplayDStream<Long> source = ssc.replayStream(input, 10);
      DStream<Long> cached = source.cache();
      cached.mapToPair(x -> KeyValue.of(x % 3, 1L))
          .reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, WINDOW, BATCH, 0, null)
          .foreachBatch(b -> windows.add(b.collect()));
      // reduceByKeyAndWindow reduces each batch by key first (as Spark's): the window's parent
      StreamNode<?> counts = ssc.graph().nodes().stream().filter(n -> n instanceof ShuffledNode<?, ?, ?>)
          .findFirst().orElseThrow();
      ssc.start();
      ManualClock clock = (ManualClock) ssc.clock();
      int batches = 10;
      for (int i = 1; i <= batches; i++) {
        clock.advance(BATCH.toMillis());
        int n = i;
        await().until(() -> windows.size() == n);
      }
      Time last = new Time(clock.getTimeMillis());

      // The window's own remember (one batch) + its length + one slide, in batches.
      int windowOfBatches = 7;
      assertThat(counts.rememberedTimes()).hasSize(windowOfBatches).last().isEqualTo(last);
      assertThat(cached.node().rememberedTimes()).containsExactly(last);
      assertThat(source.node().rememberedTimes()).containsExactly(last);
      ReplayInputNode<?> replay = (ReplayInputNode<?>) source.node();
      assertThat(replay.lineageDuration()).isEqualTo(BATCH.multipliedBy(windowOfBatches));
      for (int back = 0; back < windowOfBatches - 1; back++) {
        assertThat(replay.offsetRange(last.minus(BATCH.multipliedBy(back))))
            .as("offset range of the batch %d s before the last", back).isPresent();
      }
    }
    // The last window holds batches 6..10: records 50..99, 50 records over the 3 keys.
    List<KeyValue<Long, Long>> lastWindow = windows.get(windows.size() - 1);
    assertThat(lastWindow.stream().mapToLong(KeyValue::value).sum()).isEqualTo(50);
  }
}

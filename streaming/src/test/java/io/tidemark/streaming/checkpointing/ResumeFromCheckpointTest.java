package io.tidemark.streaming.checkpointing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tidemark.streaming.BatchInfo;
import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.PairDStream;
import io.tidemark.streaming.StreamingContext;
import io.tidemark.streaming.StreamingListener;
import io.tidemark.streaming.StreamingTestHarness;
import io.tidemark.streaming.TidemarkConf;
import io.tidemark.streaming.scheduler.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** getOrCreate: a stopped job resumes from its checkpoint directory with exactly-once state. */
class ResumeFromCheckpointTest {
  private static final long RECORDS = 100;
  private static final long PER_BATCH = 10;

  @AfterEach
  void noContextLeftActive() {
    StreamingContext.getActive().ifPresent(StreamingContext::stop);
  }

  /** A run of the job: sums of n per n % 7, state snapshots recorded per batch. */
  static final class Run {
    final StreamingContext ssc;
    final Map<Long, Map<Long, Long>> stateByBatch = new ConcurrentHashMap<>();
    final AtomicLong completed = new AtomicLong();
    final io.tidemark.streaming.SequenceInput input = new io.tidemark.streaming.SequenceInput(RECORDS);
    /** Called with each batch time by the output, before it records the batch's state. */
    volatile java.util.function.LongConsumer beforeOutput = time -> { };

    Run(Path checkpoint, Path stateDir, String mapFunctionVariant) {
      ssc = StreamingContext.getOrCreate(checkpoint.toString(), () -> {
        TidemarkConf conf = StreamingTestHarness.conf("rocksdb")
            .set(TidemarkConf.STATE_DIR, stateDir.toString())
            .set(TidemarkConf.CHECKPOINT_INTERVAL, "3s");
        StreamingContext c = new StreamingContext(conf, Duration.ofSeconds(1));
        PairDStream<Long, Long> sums = c.replayStream(input, PER_BATCH)
            .mapToPair(n -> KeyValue.of(n % 7, mapFunctionVariant.equals("changed") ? n + 0 : n))
            .<Long>updateStateByKey((values, state) ->
                Optional.of(state.orElse(0L) + values.stream().mapToLong(Long::longValue).sum()))
            .uid("sums");
        sums.foreachBatch((batch, time) -> {
          beforeOutput.accept(time.milliseconds());
          Map<Long, Long> snapshot = new TreeMap<>();
          batch.collect().forEach(kv -> snapshot.put(kv.key(), kv.value()));
          stateByBatch.put(time.milliseconds(), snapshot);
        });
        c.addStreamingListener(new StreamingListener() {
          @Override
          public void onBatchCompleted(BatchInfo info) {
            completed.incrementAndGet();
          }
        });
        return c;
      });
    }

    void runUntil(long timeMillis) {
      ssc.start();
      ManualClock clock = (ManualClock) ssc.clock();
      clock.setTime(timeMillis);
      await().atMost(Duration.ofSeconds(60)).until(() -> stateByBatch.containsKey(timeMillis));
    }
  }

  static Map<Long, Long> expectedAfter(long batches) {
    Map<Long, Long> sums = new TreeMap<>();
    for (long n = 0; n < Math.min(RECORDS, batches * PER_BATCH); n++) {
      sums.merge(n % 7, n, Long::sum);
    }
    return sums;
  }

  @Test
  void aStoppedJobResumesFromLocalStateWithExactlyOnceState(@TempDir Path dir) throws Exception {
    Path checkpoint = dir.resolve("checkpoint");
    Run first = new Run(checkpoint, dir.resolve("state"), "original");
    first.runUntil(4000);
    first.ssc.stop(false);
    assertThat(first.stateByBatch.get(4000L)).isEqualTo(expectedAfter(4));

    Run second = new Run(checkpoint, dir.resolve("state"), "changed"); // a changed map function resumes too
    second.runUntil(9000);
    second.ssc.stop(false);
    assertThat(second.stateByBatch.get(9000L)).isEqualTo(expectedAfter(9));
    // the first cursor was opened (and sought) at start, on a thread of its own; unless the stop
    // came before batch 4's metadata checkpoint (batch 4 then runs again), the first new batch
    // read it and it is the only one
    assertThat(second.input.openingThreads().get(0)).startsWith("tidemark-replay-open-");
    if (!second.stateByBatch.containsKey(4000L)) {
      assertThat(second.input.opens()).containsExactly(4L * PER_BATCH);
    }
  }

  @Test
  void aFailedCompletionCheckpointFailsTheJobAndTheRestartRunsThatBatchAgain(@TempDir Path dir) throws Exception {
    Path checkpoint = dir.resolve("checkpoint");
    Path metadata = checkpoint.resolve("metadata");
    Path moved = dir.resolve("metadata-moved");
    Run first = new Run(checkpoint, dir.resolve("state"), "original");
    // Batch 4's input is logged before its jobs run; during its output the metadata directory
    // becomes a plain file, so the next metadata write, the background one of batch 4's
    // completion, cannot create its file.
    first.beforeOutput = time -> {
      if (time == 4000) {
        try {
          java.nio.file.Files.move(metadata, moved);
          java.nio.file.Files.writeString(metadata, "not a directory");
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    };
    first.ssc.start();
    ((ManualClock) first.ssc.clock()).setTime(4000);
    // The write that fails is batch 4's completion, or batch 3's if it was still queued: either
    // stops the job (which may interrupt batch 4's output, so its state is not awaited here).
    assertThatThrownBy(() -> first.ssc.awaitTerminationOrTimeout(60_000))
        .hasMessageContaining("metadata checkpoint of batch").hasMessageContaining("failed");
    assertThat(first.ssc.getState()).isEqualTo(io.tidemark.streaming.StreamingContextState.STOPPED);

    java.nio.file.Files.delete(metadata); // the storage is back
    java.nio.file.Files.move(moved, metadata);
    Run second = new Run(checkpoint, dir.resolve("state"), "original");
    second.runUntil(9000);
    second.ssc.stop(false);
    // batch 4's completion never became durable: it ran again, and its store, which may have
    // committed it, skipped the update (counted once)
    assertThat(second.stateByBatch).containsKey(4000L);
    assertThat(second.stateByBatch.get(4000L)).isEqualTo(expectedAfter(4));
    assertThat(second.stateByBatch.get(9000L)).isEqualTo(expectedAfter(9));
  }

  @Test
  void withoutLocalStateTheJobResumesFromTheDataCheckpoint(@TempDir Path dir) throws Exception {
    Path checkpoint = dir.resolve("checkpoint");
    Run first = new Run(checkpoint, dir.resolve("state-1"), "original");
    first.runUntil(7000); // data checkpoints at 3000 and 6000
    first.ssc.stop(false);
    Run second = new Run(checkpoint, dir.resolve("state-2"), "original"); // another machine: no local state
    second.runUntil(10000);
    second.ssc.stop(false);
    assertThat(second.stateByBatch.get(10000L)).isEqualTo(expectedAfter(10));
    // the batches after the restored data checkpoint ran again; which one was restored (3000,
    // 6000, or 7000 when an upload still running at 6000 deferred it) depends on the uploads'
    // timing before the stop
    assertThat(second.stateByBatch.keySet()).contains(8000L, 9000L, 10000L);
    // the cursor opened at start for the first new batch did not fit a batch re-run from the data
    // checkpoint, which opened its own at an earlier offset
    List<Long> opens = second.input.opens();
    assertThat(second.input.openingThreads().get(0)).startsWith("tidemark-replay-open-");
    assertThat(opens.subList(1, opens.size())).allSatisfy(offset -> assertThat(offset).isLessThan(opens.get(0)));
  }

  @Test
  void aCheckpointIsNotOverwrittenWithoutGetOrCreate(@TempDir Path dir) {
    Path checkpoint = dir.resolve("checkpoint");
    Run first = new Run(checkpoint, dir.resolve("state"), "original");
    first.runUntil(2000);
    first.ssc.stop(false);
    StreamingContext plain = new StreamingContext(StreamingTestHarness.conf("memory"), Duration.ofSeconds(1));
    plain.checkpoint(checkpoint.toString());
    plain.replayStream(new io.tidemark.streaming.SequenceInput(10), 1).print();
    assertThatThrownBy(plain::start).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds a checkpoint").hasMessageContaining("getOrCreate");
  }

  @Test
  void aDifferentBatchIntervalIsRefused(@TempDir Path dir) {
    Path checkpoint = dir.resolve("checkpoint");
    Run first = new Run(checkpoint, dir.resolve("state"), "original");
    first.runUntil(2000);
    first.ssc.stop(false);
    StreamingContext other = StreamingContext.getOrCreate(checkpoint.toString(), () -> {
      StreamingContext c = new StreamingContext(StreamingTestHarness.conf("memory"), Duration.ofMillis(500));
      c.replayStream(new io.tidemark.streaming.SequenceInput(10), 1).print();
      return c;
    });
    assertThatThrownBy(other::start).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch interval of 1000 ms").hasMessageContaining("500 ms");
  }

  @Test
  void aRemovedStatefulOperatorIsRefusedByUidUnlessDroppingIsAllowed(@TempDir Path dir) {
    Path checkpoint = dir.resolve("checkpoint");
    Run first = new Run(checkpoint, dir.resolve("state"), "original");
    first.runUntil(2000);
    first.ssc.stop(false);
    for (boolean allow : List.of(false, true)) {
      StreamingContext without = StreamingContext.getOrCreate(checkpoint.toString(), () -> {
        TidemarkConf conf = StreamingTestHarness.conf("rocksdb").set(TidemarkConf.STATE_DIR, dir.resolve("state").toString())
            .set(TidemarkConf.ALLOW_DROPPED_STATE, Boolean.toString(allow));
        StreamingContext c = new StreamingContext(conf, Duration.ofSeconds(1));
        c.replayStream(new io.tidemark.streaming.SequenceInput(RECORDS), PER_BATCH).count().print();
        return c;
      });
      if (!allow) {
        assertThatThrownBy(without::start).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("'sums'").hasMessageContaining("allowDroppedState");
      } else {
        without.start();
        without.stop(false);
      }
    }
  }
}

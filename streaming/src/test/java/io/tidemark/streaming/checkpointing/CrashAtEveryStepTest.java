package io.tidemark.streaming.checkpointing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.PairDStream;
import io.tidemark.streaming.ReplayDStream;
import io.tidemark.streaming.StateSpec;
import io.tidemark.streaming.StreamingContext;
import io.tidemark.streaming.StreamingContextState;
import io.tidemark.streaming.StreamingTestHarness;
import io.tidemark.streaming.TidemarkConf;
import io.tidemark.streaming.scheduler.CrashPoint;
import io.tidemark.streaming.scheduler.FaultInjection;
import io.tidemark.streaming.scheduler.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine crashes at every step of a batch — after allocation, inside a task, after a state
 * commit and before the metadata checkpoint, during a data checkpoint, after a checkpoint and
 * before cleanup — and after a restart from the checkpoint directory the state of
 * updateStateByKey, mapWithState (with timeouts) and reduceByKeyAndWindow (with its inverse)
 * equals that of a failure-free run over the same input.
 */
class CrashAtEveryStepTest {
  private static final long RECORDS = 240;
  private static final long PER_BATCH = 20;
  private static final long LAST_BATCH = 14_000;

  @AfterEach
  void cleanUp() {
    FaultInjection.disarm();
    StreamingContext.getActive().ifPresent(StreamingContext::stop);
  }

  /** Final state of the three operators, as of batch {@link #LAST_BATCH}. */
  record FinalState(Map<Long, Long> sums, Map<Long, Long> counts, Map<Long, Long> window) {}

  /** One run of the job; state of each operator recorded per batch time. */
  static final class Run {
    final StreamingContext ssc;
    final Map<Long, Map<Long, Long>> sums = new ConcurrentHashMap<>();
    final Map<Long, Map<Long, Long>> counts = new ConcurrentHashMap<>();
    final Map<Long, Map<Long, Long>> window = new ConcurrentHashMap<>();

    Run(Path dir) {
      ssc = StreamingContext.getOrCreate(dir.resolve("checkpoint").toString(), () -> {
        TidemarkConf conf = StreamingTestHarness.conf("rocksdb")
            .set(TidemarkConf.STATE_DIR, dir.resolve("state").toString())
            .set(TidemarkConf.CHECKPOINT_INTERVAL, "3s");
        StreamingContext c = new StreamingContext(conf, Duration.ofSeconds(1));
        ReplayDStream<Long> numbers = c.replayStream(new io.tidemark.streaming.SequenceInput(RECORDS), PER_BATCH);
        PairDStream<Long, Long> sumState = numbers.mapToPair(n -> KeyValue.of(n % 7, n))
            .<Long>updateStateByKey((vs, s) -> Optional.of(s.orElse(0L) + vs.stream().mapToLong(Long::longValue).sum()))
            .uid("sums");
        record(sumState, sums);
        // keys n % 37 over batches of 20 consecutive numbers: some keys idle for 2+ batches time out
        PairDStream<Long, Long> countState = numbers.mapToPair(n -> KeyValue.of(n % 37, 1L))
            .mapWithState(StateSpec.<Long, Long, Long, Long>function((k, v, state) -> {
              if (state.isTimingOut()) {
                return -1L;
              }
              long n = state.getOption().orElse(0L) + v.orElse(0L);
              state.update(n);
              return n;
            }).timeout(Duration.ofSeconds(2)))
            .uid("counts")
            .stateSnapshots();
        record(countState, counts);
        PairDStream<Long, Long> windowState = numbers.mapToPair(n -> KeyValue.of(n % 5, n))
            .reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, Duration.ofSeconds(3), Duration.ofSeconds(1), 0,
                kv -> kv.value() != 0L)
            .uid("window");
        record(windowState, window);
        return c;
      });
    }

    private static void record(PairDStream<Long, Long> stream, Map<Long, Map<Long, Long>> into) {
      stream.foreachBatch((batch, time) -> {
        Map<Long, Long> state = new TreeMap<>();
        batch.collect().forEach(kv -> state.put(kv.key(), kv.value()));
        into.put(time.milliseconds(), state);
      });
    }

    void start(long clockMillis) {
      ssc.start();
      ((ManualClock) ssc.clock()).setTime(clockMillis);
    }

    FinalState runToTheEnd() {
      await().atMost(Duration.ofSeconds(60)).until(() -> sums.containsKey(LAST_BATCH)
          && counts.containsKey(LAST_BATCH) && window.containsKey(LAST_BATCH));
      ssc.stop(false);
      return new FinalState(sums.get(LAST_BATCH), counts.get(LAST_BATCH), window.get(LAST_BATCH));
    }
  }

  @ParameterizedTest
  @EnumSource(value = CrashPoint.class, names = {"AFTER_ALLOCATION", "IN_TASK", "AFTER_STATE_COMMIT",
      "BEFORE_METADATA_CHECKPOINT", "DURING_DATA_CHECKPOINT", "AFTER_CHECKPOINT_BEFORE_CLEANUP"})
  void aCrashAtAnyStepRestartsToTheFailureFreeState(CrashPoint point, @TempDir Path dir) {
    Run reference = new Run(dir.resolve("reference"));
    reference.start(LAST_BATCH);
    FinalState expected = reference.runToTheEnd();
    assertThat(expected.counts()).isNotEmpty();
    assertThat(expected.window()).isNotEmpty();

    // Crash in the middle: the 6th time the point is reached. A data checkpoint uploads in the
    // background, so that crash (in the first one, at 3 s) may land after later batches: the
    // crashed run only gets the clock up to 6 s.
    boolean upload = point == CrashPoint.DURING_DATA_CHECKPOINT;
    FaultInjection.arm(point, upload ? 1 : 6, FaultInjection.Mode.THROW);
    Run crashed = new Run(dir.resolve("crash"));
    crashed.start(upload ? 6000 : LAST_BATCH);
    assertThatThrownBy(crashed.ssc::awaitTermination).hasStackTraceContaining("simulated crash at " + point);
    assertThat(crashed.ssc.getState()).isEqualTo(StreamingContextState.STOPPED);
    assertThat(crashed.sums).doesNotContainKey(LAST_BATCH);
    FaultInjection.disarm();

    Run resumed = new Run(dir.resolve("crash"));
    resumed.start(LAST_BATCH);
    FinalState actual = resumed.runToTheEnd();
    assertThat(actual).isEqualTo(expected);
  }
}

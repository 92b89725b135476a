package io.tidemark.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tidemark.streaming.scheduler.BatchFailedException;
import io.tidemark.streaming.scheduler.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spark's StreamingContext life cycle: start, stop, await, one active context, errors. */
class StreamingContextLifecycleTest {
  private static final Duration BATCH = Duration.ofSeconds(1);

  @AfterEach
  void noContextLeftActive() {
    StreamingContext.getActive().ifPresent(StreamingContext::stop);
  }

  private static StreamingContext newContext() {
    return new StreamingContext(StreamingTestHarness.conf("memory"), BATCH);
  }

  @Test
  void startRunsBatchesAndStopEndsAwaitTermination() throws Exception {
    StreamingContext ssc = newContext();
    Queue<List<Integer>> queue = new LinkedList<>(List.of(List.of(1, 2), List.of(3)));
    List<Long> counts = new CopyOnWriteArrayList<>();
    ssc.queueStream(queue).count().foreachBatch(b -> counts.addAll(b.collect()));
    assertThat(ssc.getState()).isEqualTo(StreamingContextState.INITIALIZED);
    ssc.start();
    assertThat(ssc.getState()).isEqualTo(StreamingContextState.ACTIVE);
    assertThat(StreamingContext.getActive()).contains(ssc);
    ManualClock clock = (ManualClock) ssc.clock();
    clock.advance(1000);
    clock.advance(1000);
    await().until(() -> counts.size() == 2);
    assertThat(counts).containsExactly(2L, 1L);
    assertThat(ssc.awaitTerminationOrTimeout(10)).isFalse();
    ssc.stop();
    assertThat(ssc.awaitTerminationOrTimeout(10)).isTrue();
    assertThat(ssc.getState()).isEqualTo(StreamingContextState.STOPPED);
    assertThat(StreamingContext.getActive()).isEmpty();
  }

  @Test
  void noOperatorsCanBeAddedAfterStart() {
    StreamingContext ssc = newContext();
    DStream<Integer> in = ssc.queueStream(new LinkedList<List<Integer>>());
    in.print();
    ssc.start();
    assertThatThrownBy(() -> in.map(x -> x + 1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after the StreamingContext has started");
    assertThatThrownBy(in::print).isInstanceOf(IllegalStateException.class);
    ssc.stop();
  }

  @ParameterizedTest
  @ValueSource(strings = {TidemarkConf.STOP_GRACEFULLY_ON_SHUTDOWN, TidemarkConf.ALLOW_DROPPED_STATE,
      TidemarkConf.RECEIVER_WAL_ENABLE})
  void aMisspeltBooleanSettingFailsTheStartAndLeavesNoContextActive(String key) {
    StreamingContext ssc = new StreamingContext(StreamingTestHarness.conf("memory").set(key, "ture"), BATCH);
    ssc.queueStream(new LinkedList<List<Integer>>()).print();
    assertThatThrownBy(ssc::start).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(key).hasMessageContaining("'ture'");
    assertThat(ssc.getState()).isNotEqualTo(StreamingContextState.ACTIVE);
    assertThat(StreamingContext.getActive()).isEmpty();
  }

  @Test
  void aStoppedContextCannotStartAgain() {
    StreamingContext ssc = newContext();
    ssc.queueStream(new LinkedList<List<Integer>>()).print();
    ssc.start();
    ssc.stop();
    ssc.stop(); // idempotent
    assertThatThrownBy(ssc::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped");
  }

  @Test
  void startingTwiceIsRefused() {
    StreamingContext ssc = newContext();
    ssc.queueStream(new LinkedList<List<Integer>>()).print();
    ssc.start();
    assertThatThrownBy(ssc::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already been started");
    ssc.stop();
  }

  @Test
  void onlyOneContextMayBeActive() {
    StreamingContext first = newContext();
    first.queueStream(new LinkedList<List<Integer>>()).print();
    first.start();
    StreamingContext second = newContext();
    second.queueStream(new LinkedList<List<Integer>>()).print();
    assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("only one StreamingContext");
    first.stop();
    second.start();
    assertThat(StreamingContext.getActive()).contains(second);
    second.stop();
  }

  @Test
  void aGraphWithoutOutputsIsRefusedAtStart() {
    StreamingContext ssc = newContext();
    ssc.queueStream(new LinkedList<List<Integer>>()).map(x -> x);
    assertThatThrownBy(ssc::start).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no output operations");
    assertThat(StreamingContext.getActive()).isEmpty();
  }

  @Test
  void aWindowThatIsNotAMultipleOfTheBatchIsRefusedNamingTheOperator() {
    StreamingContext ssc = newContext();
    ssc.queueStream(new LinkedList<List<Integer>>()).window(Duration.ofMillis(1500), BATCH).uid("bad-window").print();
    assertThatThrownBy(ssc::start).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad-window").hasMessageContaining("multiple");
  }

  @Test
  void anErrorInAJobSurfacesInAwaitTerminationAndStopsTheContext() {
    StreamingContext ssc = newContext();
    Queue<List<Integer>> queue = new LinkedList<>(List.of(List.of(1), List.of(0), List.of(2)));
    List<Integer> seen = new CopyOnWriteArrayList<>();
    ssc.queueStream(queue).map(x -> 10 / x).foreachBatch(b -> seen.addAll(b.collect()));
    ssc.start();
    ManualClock clock = (ManualClock) ssc.clock();
    clock.advance(1000);
    await().until(() -> seen.size() == 1);
    clock.advance(1000);
    assertThatThrownBy(ssc::awaitTermination).isInstanceOf(BatchFailedException.class)
        .hasMessageContaining("batch 2000 ms failed").hasRootCauseInstanceOf(ArithmeticException.class);
    assertThat(ssc.getState()).isEqualTo(StreamingContextState.STOPPED);
    clock.advance(1000);
    assertThat(seen).containsExactly(10); // the batch after the failure never ran
  }

  @Test
  void listenersSeeEveryBatchWithItsRecordCount() {
    StreamingContext ssc = newContext();
    Queue<List<String>> queue = new LinkedList<>(List.of(List.of("a", "b", "c"), List.of("d")));
    List<BatchInfo> infos = new CopyOnWriteArrayList<>();
    ssc.addStreamingListener(new StreamingListener() {
      @Override
      public void onBatchCompleted(BatchInfo info) {
        infos.add(info);
      }
    });
    ssc.queueStream(queue).print();
    ssc.start();
    ManualClock clock = (ManualClock) ssc.clock();
    clock.advance(1000);
    clock.advance(1000);
    clock.advance(1000);
    await().until(() -> infos.size() == 3);
    List<Long> records = new ArrayList<>();
    infos.forEach(i -> records.add(i.numRecords()));
    assertThat(records).containsExactly(3L, 1L, 0L);
    assertThat(infos.get(0).batchTime()).isEqualTo(new Time(1000));
    ssc.stop();
  }

  @Test
  void stopFromAListenerIsRefused() {
    StreamingContext ssc = newContext();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    ssc.addStreamingListener(new StreamingListener() {
      @Override
      public void onBatchCompleted(BatchInfo info) {
        try {
          ssc.stop();
        } catch (IllegalStateException e) {
          errors.add(e);
        }
      }
    });
    ssc.queueStream(new LinkedList<List<Integer>>()).print();
    ssc.start();
    ((ManualClock) ssc.clock()).advance(1000);
    await().until(() -> errors.size() == 1);
    assertThat(errors.get(0)).hasMessageContaining("cannot stop the StreamingContext from a job or listener thread");
    ssc.stop();
  }
}

package io.tidemark.streaming.ops;

import static io.tidemark.streaming.ops.OpsSupport.assertUnordered;
import static io.tidemark.streaming.ops.OpsSupport.batch;
import static io.tidemark.streaming.ops.OpsSupport.batches;
import static io.tidemark.streaming.ops.OpsSupport.kv;
import static io.tidemark.streaming.ops.OpsSupport.output;
import static io.tidemark.streaming.ops.OpsSupport.sec;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.streaming.DStream;
import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.MapWithStateDStream;
import io.tidemark.streaming.State;
import io.tidemark.streaming.StateSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code mapWithState}, scenario by scenario from Spark's {@code MapWithStateSuite}, on both
 * state backends: every test collects the mapped stream and {@code stateSnapshots()} of the same
 * operator batch by batch and compares each batch as a set, as Spark's suite does.
 *
 * <p>Where Spark's "advanced" mapping function returns {@code Option} and {@code None} emits
 * nothing, Tidemark's {@link StateSpec} javadoc says the function's return value is emitted as is
 * ("{@code null} is emitted as {@code null}"): those scenarios return {@code null} and drop it
 * with a filter.
 */
class MapWithStateTest {

  private static final List<List<String>> INPUT = batches(
      batch(),
      batch("a"),
      batch("a", "b"),
      batch("a", "b", "c"),
      batch("a", "b"),
      batch("a"),
      batch());

  private static final List<List<KeyValue<String, Integer>>> RUNNING_COUNT_STATES = batches(
      batch(),
      batch(kv("a", 1)),
      batch(kv("a", 2), kv("b", 1)),
      batch(kv("a", 3), kv("b", 2), kv("c", 1)),
      batch(kv("a", 4), kv("b", 3), kv("c", 1)),
      batch(kv("a", 5), kv("b", 3), kv("c", 1)),
      batch(kv("a", 5), kv("b", 3), kv("c", 1)));

  /** Outputs of the mapped stream ({@code [0]}) and of the state snapshots ({@code [1]}). */
  private static <S, M> List<List<List<Object>>> run(String backend, List<List<String>> input,
      StateSpec<String, Integer, S, M> spec, boolean dropNulls, int numBatches) {
    return OpsSupport.runMulti(OpsSupport.conf(backend), input, (DStream<String> s) -> {
      MapWithStateDStream<String, Integer, S, M> mapped =
          s.mapToPair(x -> kv(x, 1)).mapWithState(spec).uid("mws");
      DStream<M> out = dropNulls ? mapped.filter(Objects::nonNull) : mapped;
      return List.of(out, mapped.stateSnapshots());
    }, numBatches);
  }

  private static <S, M> void testOperation(String backend, List<List<String>> input,
      StateSpec<String, Integer, S, M> spec, boolean dropNulls, List<List<M>> expectedOutputs,
      List<List<KeyValue<String, S>>> expectedStates) {
    List<List<List<Object>>> outs = run(backend, input, spec, dropNulls, expectedOutputs.size());
    assertUnordered(output(outs, 0), expectedOutputs);
    assertUnordered(output(outs, 1), expectedStates);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("mapWithState - basic operations with simple API")
  void basicSimple(String backend) {
    StateSpec<String, Integer, Integer, Integer> spec = StateSpec.function((key, value, state) -> {
      int sum = value.orElse(0) + state.getOption().orElse(0);
      state.update(sum);
      return sum;
    });
    testOperation(backend, INPUT, spec, false,
        batches(batch(), batch(1), batch(2, 1), batch(3, 2, 1), batch(4, 3), batch(5), batch()),
        RUNNING_COUNT_STATES);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("mapWithState - basic operations with advanced API (key doubled)")
  void basicAdvanced(String backend) {
    StateSpec<String, Integer, Integer, String> spec = StateSpec.function((key, value, state) -> {
      int sum = value.orElse(0) + state.getOption().orElse(0);
      state.update(sum);
      return key + key;
    });
    testOperation(backend, INPUT, spec, false,
        batches(batch(), batch("aa"), batch("aa", "bb"), batch("aa", "bb", "cc"), batch("aa", "bb"), batch("aa"),
            batch()),
        RUNNING_COUNT_STATES);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("mapWithState - states as mapped data")
  void statesAsMappedData(String backend) {
    StateSpec<String, Integer, Integer, KeyValue<String, Integer>> spec = StateSpec.function((key, value, state) -> {
      int sum = value.orElse(0) + state.getOption().orElse(0);
      state.update(sum);
      return kv(key, sum);
    });
    testOperation(backend, INPUT, spec, false,
        batches(
            batch(),
            batch(kv("a", 1)),
            batch(kv("a", 2), kv("b", 1)),
            batch(kv("a", 3), kv("b", 2), kv("c", 1)),
            batch(kv("a", 4), kv("b", 3)),
            batch(kv("a", 5)),
            batch()),
        RUNNING_COUNT_STATES);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("mapWithState - initial states, with nothing returned as from mapping function")
  void initialStatesNothingReturned(String backend) {
    StateSpec<String, Integer, Integer, Integer> spec = StateSpec.<String, Integer, Integer, Integer>function(
        (key, value, state) -> {
          int sum = value.orElse(0) + state.getOption().orElse(0);
          state.update(sum);
          return null; // Spark: None
        }).initialState(List.of(kv("a", 5), kv("b", 10), kv("c", -20), kv("d", 0)));
    List<List<Integer>> noOutput = Collections.nCopies(INPUT.size(), List.of());
    testOperation(backend, INPUT, spec, true, noOutput, batches(
        batch(kv("a", 5), kv("b", 10), kv("c", -20), kv("d", 0)),
        batch(kv("a", 6), kv("b", 10), kv("c", -20), kv("d", 0)),
        batch(kv("a", 7), kv("b", 11), kv("c", -20), kv("d", 0)),
        batch(kv("a", 8), kv("b", 12), kv("c", -19), kv("d", 0)),
        batch(kv("a", 9), kv("b", 13), kv("c", -19), kv("d", 0)),
        batch(kv("a", 10), kv("b", 13), kv("c", -19), kv("d", 0)),
        batch(kv("a", 10), kv("b", 13), kv("c", -19), kv("d", 0))));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("mapWithState - null returned by the function is emitted as null (StateSpec javadoc)")
  void nullIsEmitted(String backend) {
    StateSpec<String, Integer, Integer, String> spec = StateSpec.function((key, value, state) -> null);
    List<List<List<Object>>> outs = run(backend, batches(batch("a", "b")), spec, false, 1);
    List<List<String>> mapped = output(outs, 0);
    assertThat(mapped).hasSize(1);
    assertThat(mapped.get(0)).containsExactly(null, null);
    assertUnordered(output(outs, 1), batches(batch()));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("mapWithState - state removing (numPartitions(1))")
  void stateRemoving(String backend) {
    List<List<String>> input = batches(
        batch(),
        batch("a"),
        batch("a", "b"), // a will be removed
        batch("a", "b", "c"), // b will be removed
        batch("a", "b", "c"), // a and c will be removed
        batch("a", "b"), // b will be removed
        batch("a"), // a will be removed
        batch());
    StateSpec<String, Integer, Integer, String> spec = StateSpec.<String, Integer, Integer, String>function(
        (key, value, state) -> {
          if (state.exists()) {
            state.remove();
            return key;
          }
          state.update(value.orElseThrow());
          return null; // Spark: None
        }).numPartitions(1);
    testOperation(backend, input, spec, true,
        batches(batch(), batch(), batch("a"), batch("b"), batch("a", "c"), batch("b"), batch("a"), batch()),
        batches(
            batch(),
            batch(kv("a", 1)),
            batch(kv("b", 1)),
            batch(kv("a", 1), kv("c", 1)),
            batch(kv("b", 1)),
            batch(kv("a", 1)),
            batch(),
            batch()));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("mapWithState - remove then update by later records of the same key in one batch")
  void removeAndUpdateAcrossRecordsOfOneBatch(String backend) {
    // Spark's MapWithStateRDDRecord wraps the key's current state afresh for every record, so a
    // record may update a state that an earlier record of the same batch removed.
    StateSpec<String, Integer, Integer, String> spec = StateSpec.<String, Integer, Integer, String>function(
        (key, value, state) -> {
          if (state.exists()) {
            state.remove();
            return "removed:" + key;
          }
          state.update(1);
          return null;
        }).numPartitions(1);
    testOperation(backend, batches(batch("a", "a", "a"), batch("a", "a")), spec, true,
        batches(batch("removed:a"), batch("removed:a")),
        batches(batch(kv("a", 1)), batch(kv("a", 1))));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("mapWithState - state timing out: one last call with isTimingOut, then removed")
  void stateTimingOut(String backend) {
    List<List<String>> input = new ArrayList<>(batches(
        batch("a", "b", "c"),
        batch("a", "b"),
        batch("a"),
        batch(),
        batch(),
        batch("a")));
    input.add(batch("a"));
    input.add(batch("a"));
    // The function reports what it sees on a timing-out call: value, state, and that update and
    // remove are refused (Spark: StateImpl.wrapTimingOutState).
    StateSpec<String, Integer, Integer, String> spec = StateSpec.<String, Integer, Integer, String>function(
        (key, value, state) -> {
          if (value.isPresent()) {
            state.update(1);
          }
          if (!state.isTimingOut()) {
            return null;
          }
          return key + ":value=" + value.isPresent() + ",exists=" + state.exists() + ",get=" + state.get()
              + ",update=" + refused(() -> state.update(2)) + ",remove=" + refused(state::remove);
        }).timeout(sec(3));
    List<List<List<Object>>> outs = run(backend, input, spec, true, input.size());
    List<List<String>> mapped = output(outs, 0);
    List<List<KeyValue<String, Integer>>> states = output(outs, 1);

    // Spark's assertions: b and c are reported once each; a, b, c all had state at one point;
    // finally only a has state.
    assertThat(mapped.stream().flatMap(List::stream).map(x -> x.substring(0, 1)).sorted())
        .containsExactly("b", "c");
    assertThat(states).anySatisfy(b -> assertThat(b).containsExactlyInAnyOrder(kv("a", 1), kv("b", 1), kv("c", 1)));
    assertThat(states.get(states.size() - 1)).containsExactly(kv("a", 1));

    // Batch by batch. Spark's threshold: a key times out at batch time t when its last update
    // time < t - timeout (StateMap.getByTime, strict). Tidemark looks for idle keys at every
    // batch (MapWithStateNode javadoc) where Spark does so only at checkpoint batches, so here the
    // timing-out batch is exact: c (last data at 1 s) at 5 s, b (last data at 2 s) at 6 s.
    String tail = ":value=false,exists=true,get=1,update=refused,remove=refused";
    assertUnordered(mapped, batches(batch(), batch(), batch(), batch(), batch("c" + tail), batch("b" + tail),
        batch(), batch()));
    assertUnordered(states, batches(
        batch(kv("a", 1), kv("b", 1), kv("c", 1)),
        batch(kv("a", 1), kv("b", 1), kv("c", 1)),
        batch(kv("a", 1), kv("b", 1), kv("c", 1)),
        batch(kv("a", 1), kv("b", 1), kv("c", 1)),
        batch(kv("a", 1), kv("b", 1)),
        batch(kv("a", 1)),
        batch(kv("a", 1)),
        batch(kv("a", 1))));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("mapWithState - data resets the idle time even when the state is not updated")
  void dataResetsIdleTime(String backend) {
    // Spark's MapWithStateRDDRecord re-puts an existing state with the batch time when a timeout
    // is set, updated or not (StateSpec#timeout javadoc says the same).
    StateSpec<String, Integer, Integer, String> spec = StateSpec.<String, Integer, Integer, String>function(
        (key, value, state) -> {
          if (state.isTimingOut()) {
            return "timeout:" + key;
          }
          if (!state.exists()) {
            state.update(1);
          }
          return null;
        }).timeout(sec(2));
    List<List<String>> input = batches(batch("a", "b"), batch("a"), batch("a"), batch("a"), batch("a"));
    // b: last data at 1 s, times out when 1000 < t - 2000, i.e. at 4 s; a never times out
    testOperation(backend, input, spec, true,
        batches(batch(), batch(), batch(), batch("timeout:b"), batch()),
        batches(
            batch(kv("a", 1), kv("b", 1)),
            batch(kv("a", 1), kv("b", 1)),
            batch(kv("a", 1), kv("b", 1)),
            batch(kv("a", 1)),
            batch(kv("a", 1))));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("mapWithState - initial state keys count their idle time from the first batch, as in Spark")
  void initialStateTimeout(String backend) {
    // Spark's InternalMapWithStateDStream.compute loads the initial state with
    // MapWithStateRDD.createFromPairRDD(initialState, partitioner, validTime): the update time of
    // initial keys is the FIRST BATCH time (1 s), so with a 2 s timeout d times out when
    // 1000 < t - 2000, i.e. at t = 4 s (output batch 3).
    StateSpec<String, Integer, Integer, String> spec = StateSpec.<String, Integer, Integer, String>function(
        (key, value, state) -> {
          if (state.isTimingOut()) {
            return "timeout:" + key + "=" + state.get();
          }
          state.update(state.getOption().orElse(0) + value.orElse(0));
          return null;
        }).initialState(List.of(kv("d", 7))).timeout(sec(2));
    List<List<String>> input = batches(batch("a"), batch("a"), batch("a"), batch("a"), batch("a"));
    testOperation(backend, input, spec, true,
        batches(batch(), batch(), batch(), batch("timeout:d=7"), batch()),
        batches(
            batch(kv("a", 1), kv("d", 7)),
            batch(kv("a", 2), kv("d", 7)),
            batch(kv("a", 3), kv("d", 7)),
            batch(kv("a", 4)),
            batch(kv("a", 5))));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("State - get, exists, update, remove, getOption (Spark: state - get, exists, update, remove)")
  void stateApi(String backend) {
    // Each call reports what State does, as Spark's StateImpl test: a key without state, then
    // update, then remove in the same call; the next batch sees the state left by the previous.
    StateSpec<String, Integer, Integer, String> spec = StateSpec.function((key, value, state) -> {
      List<String> seen = new ArrayList<>();
      seen.add(describe(state));
      if (!state.exists()) {
        seen.add("update(null)=" + refused(() -> state.update(null)));
        state.update(2);
        seen.add(describe(state));
      } else if (state.get() == 2) {
        state.update(3);
        seen.add(describe(state));
        state.remove();
        seen.add(describe(state));
        seen.add("update=" + refused(() -> state.update(-1)));
        seen.add("remove=" + refused(state::remove));
      }
      return String.join(" ", seen);
    });
    testOperation(backend, batches(batch("a"), batch("a"), batch("a")), spec, false,
        batches(
            batch("none,getThrows,timingOut=false update(null)=refused some(2),timingOut=false"),
            batch("some(2),timingOut=false some(3),timingOut=false none,getThrows,timingOut=false update=refused "
                + "remove=refused"),
            batch("none,getThrows,timingOut=false update(null)=refused some(2),timingOut=false")),
        batches(batch(kv("a", 2)), batch(), batch(kv("a", 2))));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("mapWithState - the function runs once per record, in record order within a key")
  void oncePerRecordInOrder(String backend) {
    StateSpec<String, Integer, List<Integer>, String> spec = StateSpec.<String, Integer, List<Integer>, String>function(
        (key, value, state) -> {
          List<Integer> seen = new ArrayList<>(state.getOption().orElse(List.of()));
          seen.add(seen.size() + 1);
          state.update(seen);
          return key + seen.size();
        }).numPartitions(3);
    List<List<List<Object>>> outs = run(backend, batches(batch("a", "b", "a", "a"), batch("b", "a")), spec, false, 2);
    List<List<String>> mapped = output(outs, 0);
    assertUnordered(mapped, batches(batch("a1", "b1", "a2", "a3"), batch("b2", "a4")));
    // within key a, the calls come in record order
    assertThat(mapped.get(0).stream().filter(x -> x.startsWith("a")).collect(Collectors.toList()))
        .containsExactly("a1", "a2", "a3");
    List<List<KeyValue<String, List<Integer>>>> states = output(outs, 1);
    assertThat(Set.copyOf(states.get(1))).isEqualTo(Set.of(kv("a", List.of(1, 2, 3, 4)), kv("b", List.of(1, 2))));
  }

  private static String describe(State<Integer> state) {
    String content;
    if (state.exists()) {
      content = "some(" + state.get() + ")";
      if (!state.getOption().equals(Optional.of(state.get()))) {
        content += "!getOption";
      }
    } else {
      content = "none," + (refusedWith(state::get, NoSuchElementException.class) ? "getThrows" : "getDidNotThrow");
      if (state.getOption().isPresent()) {
        content += "!getOption";
      }
    }
    return content + ",timingOut=" + state.isTimingOut();
  }

  private static String refused(Runnable r) {
    return refusedWith(r::run, IllegalArgumentException.class) ? "refused" : "accepted";
  }

  private static boolean refusedWith(Runnable r, Class<? extends Exception> type) {
    try {
      r.run();
      return false;
    } catch (RuntimeException e) {
      return type.isInstance(e);
    }
  }
}

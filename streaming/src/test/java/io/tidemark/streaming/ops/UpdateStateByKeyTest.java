package io.tidemark.streaming.ops;

import static io.tidemark.streaming.ops.OpsSupport.assertUnordered;
import static io.tidemark.streaming.ops.OpsSupport.batch;
import static io.tidemark.streaming.ops.OpsSupport.batches;
import static io.tidemark.streaming.ops.OpsSupport.kv;

import io.tidemark.streaming.DStream;
import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.PairDStream;
import io.tidemark.streaming.StreamingTestHarness;
import io.tidemark.streaming.TidemarkConf;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;

/**
 * {@code updateStateByKey}, scenario by scenario from Spark's {@code BasicOperationsSuite}, on
 * both state backends. The stream's batch is the whole state after the batch, compared as a set.
 * Spark's "testing time stamps as input" scenario is not ported: Tidemark's {@link
 * PairDStream.UpdateFunction} gets no batch time.
 */
class UpdateStateByKeyTest {

  private static final List<List<String>> INPUT = batches(
      batch("a"),
      batch("a", "b"),
      batch("a", "b", "c"),
      batch("a", "b"),
      batch("a"),
      batch());

  private static final PairDStream.UpdateFunction<Integer, Integer> RUNNING_SUM =
      (values, state) -> Optional.of(values.stream().mapToInt(Integer::intValue).sum() + state.orElse(0));

  private static <R> List<List<R>> run(TidemarkConf conf, List<List<String>> input,
      Function<DStream<String>, DStream<R>> op) {
    return StreamingTestHarness.run(conf, OpsSupport.BATCH, input, op, input.size());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("updateStateByKey (Spark: updateStateByKey)")
  void updateStateByKey(String backend) {
    List<List<KeyValue<String, Integer>>> out = run(OpsSupport.conf(backend), INPUT,
        s -> s.mapToPair(x -> kv(x, 1)).updateStateByKey(RUNNING_SUM).uid("counts"));
    assertUnordered(out, batches(
        batch(kv("a", 1)),
        batch(kv("a", 2), kv("b", 1)),
        batch(kv("a", 3), kv("b", 2), kv("c", 1)),
        batch(kv("a", 4), kv("b", 3), kv("c", 1)),
        batch(kv("a", 5), kv("b", 3), kv("c", 1)),
        batch(kv("a", 5), kv("b", 3), kv("c", 1))));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("updateStateByKey - simple with initial value RDD (Spark), 2 state partitions")
  void withInitialState(String backend) {
    List<List<KeyValue<String, Integer>>> out = run(OpsSupport.conf(backend), INPUT,
        s -> s.mapToPair(x -> kv(x, 1))
            .updateStateByKey(RUNNING_SUM, 2, List.of(kv("a", 1), kv("c", 2))).uid("counts"));
    assertUnordered(out, batches(
        batch(kv("a", 2), kv("c", 2)),
        batch(kv("a", 3), kv("b", 1), kv("c", 2)),
        batch(kv("a", 4), kv("b", 2), kv("c", 3)),
        batch(kv("a", 5), kv("b", 3), kv("c", 3)),
        batch(kv("a", 6), kv("b", 3), kv("c", 3)),
        batch(kv("a", 6), kv("b", 3), kv("c", 3))));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("updateStateByKey - object lifecycle: Optional.empty() removes a key (Spark)")
  void objectLifecycle(String backend) {
    // Spark's null input batches (no RDD) are empty batches here; Spark's StateDStream also calls
    // the update function (with no values) when the parent has no RDD.
    List<List<String>> input = batches(
        batch("a", "b"),
        batch(),
        batch("a", "c", "a"),
        batch("c"),
        batch(),
        batch());
    PairDStream.UpdateFunction<Integer, StateObject> update = (values, state) -> {
      StateObject obj = state.orElseGet(StateObject::new);
      int sum = values.stream().mapToInt(Integer::intValue).sum();
      if (sum == 0) {
        obj.expireCounter += 1;
      } else {
        obj.counter += sum;
        obj.expireCounter = 0;
      }
      return obj.expireCounter == 2 ? Optional.empty() : Optional.of(obj);
    };
    List<List<KeyValue<String, Integer>>> out = run(OpsSupport.conf(backend, StateObject.class), input,
        s -> s.mapToPair(x -> kv(x, 1)).updateStateByKey(update, 3).uid("lifecycle").mapValues(o -> o.counter));
    assertUnordered(out, batches(
        batch(kv("a", 1), kv("b", 1)),
        batch(kv("a", 1), kv("b", 1)),
        batch(kv("a", 3), kv("c", 1)),
        batch(kv("a", 3), kv("c", 2)),
        batch(kv("c", 2)),
        batch()));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("updateStateByKey passes a key's values of the batch in arrival order, and empty values to idle keys")
  void valuesInArrivalOrder(String backend) {
    PairDStream.UpdateFunction<Integer, String> concat = (values, state) ->
        Optional.of(state.orElse("") + values + ";");
    List<List<KeyValue<String, String>>> out = run(OpsSupport.conf(backend),
        batches(batch("a3", "b1", "a1", "a2"), batch(), batch("b5")),
        s -> s.mapToPair(x -> kv(x.substring(0, 1), Integer.parseInt(x.substring(1))))
            .updateStateByKey(concat).uid("concat"));
    assertUnordered(out, batches(
        batch(kv("a", "[3, 1, 2];"), kv("b", "[1];")),
        batch(kv("a", "[3, 1, 2];[];"), kv("b", "[1];[];")),
        batch(kv("a", "[3, 1, 2];[];[];"), kv("b", "[1];[];[5];"))));
  }

  /** Spark's {@code StateObject} of the lifecycle test; mutable, registered with Kryo. */
  public static final class StateObject {
    int counter;
    int expireCounter;

    public StateObject() {}
  }
}

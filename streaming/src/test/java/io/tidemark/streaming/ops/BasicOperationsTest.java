package io.tidemark.streaming.ops;

import static io.tidemark.streaming.ops.OpsSupport.assertOrdered;
import static io.tidemark.streaming.ops.OpsSupport.assertUnordered;
import static io.tidemark.streaming.ops.OpsSupport.batch;
import static io.tidemark.streaming.ops.OpsSupport.batches;
import static io.tidemark.streaming.ops.OpsSupport.kv;
import static io.tidemark.streaming.ops.OpsSupport.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.streaming.Batch;
import io.tidemark.streaming.CoGroupedValues;
import io.tidemark.streaming.DStream;
import io.tidemark.streaming.JoinedValues;
import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.StreamingTestHarness;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The per-batch operations, scenario by scenario from Spark's {@code BasicOperationsSuite}
 * (streaming module): input batches and expected output batches are Spark's. Keyed results are
 * compared order-insensitively within a batch (Spark's {@code useSet = true}); narrow operations
 * on the harness's single input partition are compared in order.
 */
class BasicOperationsTest {
  private static final String MEM = "memory";
  private static final List<List<Integer>> ONE_TO_TWELVE = batches(range(1, 4), range(5, 8), range(9, 12));
  private static final List<List<String>> WORDS = batches(batch("a", "a", "b"), batch("", ""), batch());

  private static <T, R> List<List<R>> run(List<List<T>> input, java.util.function.Function<DStream<T>, DStream<R>> op,
      int numBatches) {
    return StreamingTestHarness.run(MEM, input, op, numBatches);
  }

  private static <T, U, R> List<List<R>> run2(List<List<T>> in1, List<List<U>> in2,
      BiFunction<DStream<T>, DStream<U>, DStream<R>> op, int numBatches) {
    return StreamingTestHarness.run2(StreamingTestHarness.conf(MEM), OpsSupport.BATCH, in1, in2, op, numBatches);
  }

  private static <T> List<List<String>> strings(List<List<T>> in) {
    return in.stream().map(b -> b.stream().map(String::valueOf).collect(Collectors.toList()))
        .collect(Collectors.toList());
  }

  // ------------------------------------------------------------------ narrow operations

  @Test
  @DisplayName("map (Spark: map)")
  void map() {
    List<List<String>> out = run(ONE_TO_TWELVE, s -> s.map(String::valueOf), 3);
    assertOrdered(out, strings(ONE_TO_TWELVE));
  }

  @Test
  @DisplayName("flatMap (Spark: flatMap)")
  void flatMap() {
    List<List<Integer>> out = run(ONE_TO_TWELVE, s -> s.flatMap(x -> List.of(x, x * 2)), 3);
    assertOrdered(out, batches(
        batch(1, 2, 2, 4, 3, 6, 4, 8),
        batch(5, 10, 6, 12, 7, 14, 8, 16),
        batch(9, 18, 10, 20, 11, 22, 12, 24)));
  }

  @Test
  @DisplayName("filter (Spark: filter)")
  void filter() {
    List<List<Integer>> out = run(ONE_TO_TWELVE, s -> s.filter(x -> x % 2 == 0), 3);
    assertOrdered(out, batches(batch(2, 4), batch(6, 8), batch(10, 12)));
  }

  @Test
  @DisplayName("mapPartitions on the single input partition (Spark: mapPartitions, one partition per batch here)")
  void mapPartitionsSinglePartition() {
    // Spark's input has 2 partitions per batch (sums 3,7 / 11,15 / 19,23); the harness puts each
    // input batch in ONE partition, so the per-partition sum is the batch's sum.
    List<List<Integer>> out = run(ONE_TO_TWELVE, s -> s.mapPartitions(OpsSupportSums::sum), 3);
    assertOrdered(out, batches(batch(10), batch(26), batch(42)));
  }

  @Test
  @DisplayName("mapPartitions after repartition(2): one sum per partition (Spark: mapPartitions, glom)")
  void mapPartitionsTwoPartitions() {
    // round-robin over 2 partitions: {1,3} and {2,4} whatever the start partition
    List<List<Integer>> out = run(ONE_TO_TWELVE, s -> s.repartition(2).mapPartitions(OpsSupportSums::sum), 3);
    assertUnordered(out, batches(batch(4, 6), batch(12, 14), batch(20, 22)));
  }

  @Test
  @DisplayName("repartition (more partitions): 5 partitions, same elements (Spark: repartition (more partitions))")
  void repartitionMore() {
    List<List<Integer>> input = batches(range(1, 100), range(101, 200), range(201, 300));
    List<List<List<Integer>>> out = run(input, s -> s.repartition(5).mapPartitions(OpsSupportSums::glom), 3);
    assertThat(out).hasSize(3);
    for (int i = 0; i < 3; i++) {
      List<List<Integer>> parts = out.get(i);
      assertThat(parts).as("partitions of batch %d", i).hasSize(5);
      assertThat(parts).allSatisfy(p -> assertThat(p).hasSize(20));
      assertThat(parts.stream().flatMap(List::stream).collect(Collectors.toList()))
          .containsExactlyInAnyOrderElementsOf(input.get(i));
    }
  }

  @Test
  @DisplayName("repartition (fewer partitions): 5 -> 2 partitions, same elements (Spark: repartition (fewer partitions))")
  void repartitionFewer() {
    List<List<Integer>> input = batches(range(1, 100), range(101, 200), range(201, 300));
    List<List<List<Integer>>> out =
        run(input, s -> s.repartition(5).repartition(2).mapPartitions(OpsSupportSums::glom), 3);
    assertThat(out).hasSize(3);
    for (int i = 0; i < 3; i++) {
      List<List<Integer>> parts = out.get(i);
      assertThat(parts).as("partitions of batch %d", i).hasSize(2);
      assertThat(parts.stream().flatMap(List::stream).collect(Collectors.toList()))
          .containsExactlyInAnyOrderElementsOf(input.get(i));
    }
  }

  @Test
  @DisplayName("union (Spark: union)")
  void union() {
    List<List<Integer>> out = run(batches(range(1, 4), range(101, 104), range(201, 204)),
        s -> s.union(s.map(x -> x + 4)), 3);
    assertOrdered(out, batches(range(1, 8), range(101, 108), range(201, 208)));
  }

  @Test
  @DisplayName("StreamingContext.union of 3 streams (Spark: StreamingContext.union)")
  void contextUnion() {
    List<List<Integer>> out = run(batches(range(1, 4), range(101, 104), range(201, 204)),
        s -> s.context().union(s, s.map(x -> x + 4), s.map(x -> x + 8)), 3);
    assertOrdered(out, batches(range(1, 12), range(101, 112), range(201, 212)));
  }

  @Test
  @DisplayName("transform (Spark: transform)")
  void transform() {
    List<List<String>> out = run(ONE_TO_TWELVE, s -> s.transform((Batch<Integer> b) -> b.map(String::valueOf)), 3);
    assertOrdered(out, strings(ONE_TO_TWELVE));
  }

  @Test
  @DisplayName("transform with the batch time")
  void transformWithTime() {
    List<List<Long>> out = run(ONE_TO_TWELVE,
        s -> s.transform((Batch<Integer> b, io.tidemark.streaming.Time t) -> b.map(x -> t.milliseconds() + x)), 3);
    assertOrdered(out, batches(batch(1001L, 1002L, 1003L, 1004L), batch(2005L, 2006L, 2007L, 2008L),
        batch(3009L, 3010L, 3011L, 3012L)));
  }

  @Test
  @DisplayName("StreamingContext.transform over 3 streams (Spark: StreamingContext.transform)")
  @SuppressWarnings("unchecked")
  void contextTransform() {
    List<List<Integer>> out = run(batches(range(1, 4), range(101, 104), range(201, 204)),
        s -> s.context().transform(List.of(s, s.map(x -> x + 4), s.map(x -> x + 8)), (bs, t) -> {
          Batch<Integer> u = (Batch<Integer>) bs.get(0);
          for (int i = 1; i < bs.size(); i++) {
            u = u.union((Batch<Integer>) bs.get(i));
          }
          return u;
        }), 3);
    assertOrdered(out, batches(range(1, 12), range(101, 112), range(201, 212)));
  }

  // ------------------------------------------------------------------ aggregations

  @Test
  @DisplayName("count, 0 for an empty batch (Spark: count)")
  void count() {
    List<List<Long>> out = run(batches(batch(), range(1, 1), range(1, 2), range(1, 3), range(1, 4)), DStream::count, 5);
    assertOrdered(out, batches(batch(0L), batch(1L), batch(2L), batch(3L), batch(4L)));
  }

  @Test
  @DisplayName("reduce, nothing for an empty batch (Spark: reduce)")
  void reduce() {
    List<List<Integer>> out = run(batches(range(1, 4), range(5, 8), range(9, 12), batch()),
        s -> s.reduce(Integer::sum), 4);
    assertOrdered(out, batches(batch(10), batch(26), batch(42), batch()));
  }

  @Test
  @DisplayName("countByValue (Spark: countByValue)")
  void countByValue() {
    List<List<KeyValue<Integer, Long>>> out = run(
        batches(range(1, 1), batch(1, 1, 1), range(1, 2), batch(1, 1, 2, 2)), DStream::countByValue, 4);
    assertUnordered(out, batches(
        batch(kv(1, 1L)),
        batch(kv(1, 3L)),
        batch(kv(1, 1L), kv(2, 1L)),
        batch(kv(2, 2L), kv(1, 2L))));
  }

  // ------------------------------------------------------------------ keyed operations

  @Test
  @DisplayName("mapToPair (Spark: map to tuples)")
  void mapToPair() {
    List<List<KeyValue<String, Integer>>> out = run(WORDS, s -> s.mapToPair(x -> kv(x, x.length())), 3);
    assertOrdered(out, batches(batch(kv("a", 1), kv("a", 1), kv("b", 1)), batch(kv("", 0), kv("", 0)), batch()));
    assertThat(out.get(0).get(0)).hasToString("(a,1)");
  }

  @Test
  @DisplayName("groupByKey (Spark: groupByKey)")
  void groupByKey() {
    List<List<KeyValue<String, List<Integer>>>> out = run(WORDS, s -> s.mapToPair(x -> kv(x, 1)).groupByKey(), 3);
    assertUnordered(out, batches(
        batch(kv("a", List.of(1, 1)), kv("b", List.of(1))),
        batch(kv("", List.of(1, 1))),
        batch()));
  }

  @Test
  @DisplayName("groupByKey keeps the values of a key in arrival order")
  void groupByKeyArrivalOrder() {
    List<List<KeyValue<String, List<Integer>>>> out = run(batches(batch(3, 1, 4, 1, 5, 9, 2, 6)),
        s -> s.mapToPair(x -> kv(x % 2 == 0 ? "even" : "odd", x)).groupByKey(), 1);
    assertUnordered(out, batches(batch(kv("odd", List.of(3, 1, 1, 5, 9)), kv("even", List.of(4, 2, 6)))));
  }

  @Test
  @DisplayName("reduceByKey (Spark: reduceByKey)")
  void reduceByKey() {
    List<List<KeyValue<String, Integer>>> out =
        run(WORDS, s -> s.mapToPair(x -> kv(x, 1)).reduceByKey(Integer::sum), 3);
    assertUnordered(out, batches(batch(kv("a", 2), kv("b", 1)), batch(kv("", 2)), batch()));
  }

  @Test
  @DisplayName("reduceByKey with 3 partitions")
  void reduceByKeyPartitions() {
    List<List<KeyValue<String, Integer>>> out =
        run(WORDS, s -> s.mapToPair(x -> kv(x, 1)).reduceByKey(Integer::sum, 3), 3);
    assertUnordered(out, batches(batch(kv("a", 2), kv("b", 1)), batch(kv("", 2)), batch()));
  }

  @Test
  @DisplayName("mapValues (Spark: mapValues)")
  void mapValues() {
    List<List<KeyValue<String, Integer>>> out =
        run(WORDS, s -> s.mapToPair(x -> kv(x, 1)).reduceByKey(Integer::sum).mapValues(x -> x + 10), 3);
    assertUnordered(out, batches(batch(kv("a", 12), kv("b", 11)), batch(kv("", 12)), batch()));
  }

  @Test
  @DisplayName("flatMapValues (Spark: flatMapValues)")
  void flatMapValues() {
    List<List<KeyValue<String, Integer>>> out = run(WORDS,
        s -> s.mapToPair(x -> kv(x, 1)).reduceByKey(Integer::sum).flatMapValues(x -> List.of(x, x + 10)), 3);
    assertUnordered(out, batches(
        batch(kv("a", 2), kv("a", 12), kv("b", 1), kv("b", 11)),
        batch(kv("", 2), kv("", 12)),
        batch()));
  }

  @Test
  @DisplayName("combineByKey merges values and, across 3 map partitions, combiners")
  void combineByKey() {
    // (sum, count) per key as a string "sum/count"; repartition(3) spreads a key over several map
    // partitions so mergeCombiners runs too.
    List<List<KeyValue<String, String>>> out = run(
        batches(batch("a", "a", "b", "a", "c", "a", "b"), batch("b"), batch()),
        s -> s.repartition(3).mapToPair(x -> kv(x, (int) x.charAt(0) - 'a' + 1))
            .combineByKey((Integer v) -> List.of(v, 1),
                (List<Integer> c, Integer v) -> List.of(c.get(0) + v, c.get(1) + 1),
                (List<Integer> c1, List<Integer> c2) -> List.of(c1.get(0) + c2.get(0), c1.get(1) + c2.get(1)), 2)
            .mapValues(c -> c.get(0) + "/" + c.get(1)),
        3);
    assertUnordered(out, batches(batch(kv("a", "4/4"), kv("b", "4/2"), kv("c", "3/1")), batch(kv("b", "2/1")), batch()));
  }

  // ------------------------------------------------------------------ two-stream operations

  private static final List<List<String>> JOIN_IN1 = batches(batch("a", "b"), batch("a", ""), batch(""), batch());
  private static final List<List<String>> JOIN_IN2 = batches(batch("a", "b"), batch("b", ""), batch(), batch(""));

  @Test
  @DisplayName("cogroup (Spark: cogroup)")
  void cogroup() {
    List<List<String>> in1 = batches(batch("a", "a", "b"), batch("a", ""), batch(""), batch());
    List<List<String>> in2 = batches(batch("a", "a", "b"), batch("b", ""), batch(), batch());
    List<List<KeyValue<String, CoGroupedValues<Integer, String>>>> out = run2(in1, in2,
        (s1, s2) -> s1.mapToPair(x -> kv(x, 1)).cogroup(s2.mapToPair(x -> kv(x, "x"))), 4);
    assertUnordered(out, batches(
        batch(kv("a", new CoGroupedValues<>(List.of(1, 1), List.of("x", "x"))),
            kv("b", new CoGroupedValues<>(List.of(1), List.of("x")))),
        batch(kv("a", new CoGroupedValues<>(List.of(1), List.<String>of())),
            kv("b", new CoGroupedValues<>(List.<Integer>of(), List.of("x"))),
            kv("", new CoGroupedValues<>(List.of(1), List.of("x")))),
        batch(kv("", new CoGroupedValues<>(List.of(1), List.<String>of()))),
        batch()));
  }

  @Test
  @DisplayName("join (Spark: join)")
  void join() {
    List<List<KeyValue<String, JoinedValues<Integer, String>>>> out = run2(JOIN_IN1, JOIN_IN2,
        (s1, s2) -> s1.mapToPair(x -> kv(x, 1)).join(s2.mapToPair(x -> kv(x, "x"))), 4);
    assertUnordered(out, batches(
        batch(kv("a", new JoinedValues<>(1, "x")), kv("b", new JoinedValues<>(1, "x"))),
        batch(kv("", new JoinedValues<>(1, "x"))),
        batch(),
        batch()));
  }

  @Test
  @DisplayName("join emits every pair of a key's values")
  void joinCrossProduct() {
    List<List<KeyValue<String, JoinedValues<Integer, String>>>> out = run2(
        batches(batch("a", "a")), batches(batch("a", "a", "a")),
        (s1, s2) -> s1.mapToPair(x -> kv(x, 1)).join(s2.mapToPair(x -> kv(x, "x")), 3), 1);
    assertThat(out).hasSize(1);
    assertThat(out.get(0)).hasSize(6).containsOnly(kv("a", new JoinedValues<>(1, "x")));
  }

  @Test
  @DisplayName("leftOuterJoin (Spark: leftOuterJoin)")
  void leftOuterJoin() {
    List<List<KeyValue<String, JoinedValues<Integer, Optional<String>>>>> out = run2(JOIN_IN1, JOIN_IN2,
        (s1, s2) -> s1.mapToPair(x -> kv(x, 1)).leftOuterJoin(s2.mapToPair(x -> kv(x, "x"))), 4);
    assertUnordered(out, batches(
        batch(kv("a", new JoinedValues<>(1, Optional.of("x"))), kv("b", new JoinedValues<>(1, Optional.of("x")))),
        batch(kv("", new JoinedValues<>(1, Optional.of("x"))), kv("a", new JoinedValues<>(1, Optional.<String>empty()))),
        batch(kv("", new JoinedValues<>(1, Optional.<String>empty()))),
        batch()));
  }

  @Test
  @DisplayName("StreamingContext.transform of two streams, joined by hand (Spark: transformWith)")
  @SuppressWarnings("unchecked")
  void transformWith() {
    List<List<KeyValue<String, JoinedValues<Integer, String>>>> out = run2(JOIN_IN1, JOIN_IN2,
        (s1, s2) -> s1.context().transform(
            List.of(s1.mapToPair(x -> kv(x, 1)), s2.mapToPair(x -> kv(x, "x"))), (bs, t) -> {
              List<KeyValue<String, Integer>> left = ((Batch<KeyValue<String, Integer>>) bs.get(0)).collect();
              List<KeyValue<String, String>> right = ((Batch<KeyValue<String, String>>) bs.get(1)).collect();
              List<KeyValue<String, JoinedValues<Integer, String>>> joined = new ArrayList<>();
              for (KeyValue<String, Integer> l : left) {
                for (KeyValue<String, String> r : right) {
                  if (l.key().equals(r.key())) {
                    joined.add(kv(l.key(), new JoinedValues<>(l.value(), r.value())));
                  }
                }
              }
              return bs.get(0).newBatch(joined);
            }), 4);
    assertUnordered(out, batches(
        batch(kv("a", new JoinedValues<>(1, "x")), kv("b", new JoinedValues<>(1, "x"))),
        batch(kv("", new JoinedValues<>(1, "x"))),
        batch(),
        batch()));
  }

  /** Partition functions for mapPartitions. */
  static final class OpsSupportSums {
    private OpsSupportSums() {}

    static Iterator<Integer> sum(Iterator<Integer> it) {
      int s = 0;
      while (it.hasNext()) {
        s += it.next();
      }
      return List.of(s).iterator();
    }

    static Iterator<List<Integer>> glom(Iterator<Integer> it) {
      List<Integer> all = new ArrayList<>();
      it.forEachRemaining(all::add);
      return List.<List<Integer>>of(all).iterator();
    }
  }
}

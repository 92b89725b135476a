package io.tidemark.streaming.ops;

import static io.tidemark.streaming.ops.OpsSupport.assertUnordered;
import static io.tidemark.streaming.ops.OpsSupport.batch;
import static io.tidemark.streaming.ops.OpsSupport.batches;
import static io.tidemark.streaming.ops.OpsSupport.kv;
import static io.tidemark.streaming.ops.OpsSupport.pairs;
import static io.tidemark.streaming.ops.OpsSupport.sec;

import io.tidemark.streaming.DStream;
import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.StreamingTestHarness;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Window operations, scenario by scenario from Spark's {@code WindowOperationsSuite}: input
 * batches, window/slide and expected outputs are Spark's; as there, the number of batches run is
 * {@code outputs × slide / batch} and outputs are compared as sets per window. Windows start at
 * time zero (input batch {@code i} is time {@code (i + 1)} s), so the first windows are partial.
 */
class WindowOperationsTest {
  private static final String MEM = "memory";

  private static final List<List<KeyValue<String, Integer>>> LARGER_SLIDE_INPUT = batches(
      batch(kv("a", 1)),
      batch(kv("a", 2)),
      batch(kv("a", 3)),
      batch(kv("a", 4)),
      batch(kv("a", 5)),
      batch(kv("a", 6)),
      batch(),
      batch());

  private static final List<List<KeyValue<String, Integer>>> LARGER_SLIDE_REDUCE_OUTPUT = batches(
      batch(kv("a", 3)),
      batch(kv("a", 10)),
      batch(kv("a", 18)),
      batch(kv("a", 11)));

  private static final List<List<KeyValue<String, Integer>>> BIG_INPUT = batches(
      batch(kv("a", 1)),
      batch(kv("a", 1), kv("b", 1)),
      batch(kv("a", 1), kv("b", 1), kv("c", 1)),
      batch(kv("a", 1), kv("b", 1)),
      batch(kv("a", 1)),
      batch(),
      batch(kv("a", 1)),
      batch(kv("a", 1), kv("b", 1)),
      batch(kv("a", 1), kv("b", 1), kv("c", 1)),
      batch(kv("a", 1), kv("b", 1)),
      batch(kv("a", 1)),
      batch());

  private static final List<List<KeyValue<String, List<Integer>>>> BIG_GROUP_BY_OUTPUT = batches(
      batch(kv("a", List.of(1))),
      batch(kv("a", List.of(1, 1)), kv("b", List.of(1))),
      batch(kv("a", List.of(1, 1)), kv("b", List.of(1, 1)), kv("c", List.of(1))),
      batch(kv("a", List.of(1, 1)), kv("b", List.of(1, 1)), kv("c", List.of(1))),
      batch(kv("a", List.of(1, 1)), kv("b", List.of(1))),
      batch(kv("a", List.of(1))),
      batch(kv("a", List.of(1))),
      batch(kv("a", List.of(1, 1)), kv("b", List.of(1))),
      batch(kv("a", List.of(1, 1)), kv("b", List.of(1, 1)), kv("c", List.of(1))),
      batch(kv("a", List.of(1, 1)), kv("b", List.of(1, 1)), kv("c", List.of(1))),
      batch(kv("a", List.of(1, 1)), kv("b", List.of(1))),
      batch(kv("a", List.of(1))));

  private static final List<List<KeyValue<String, Integer>>> BIG_REDUCE_OUTPUT = batches(
      batch(kv("a", 1)),
      batch(kv("a", 2), kv("b", 1)),
      batch(kv("a", 2), kv("b", 2), kv("c", 1)),
      batch(kv("a", 2), kv("b", 2), kv("c", 1)),
      batch(kv("a", 2), kv("b", 1)),
      batch(kv("a", 1)),
      batch(kv("a", 1)),
      batch(kv("a", 2), kv("b", 1)),
      batch(kv("a", 2), kv("b", 2), kv("c", 1)),
      batch(kv("a", 2), kv("b", 2), kv("c", 1)),
      batch(kv("a", 2), kv("b", 1)),
      batch(kv("a", 1)));

  /** With an inverse function and no filter, keys whose value falls to 0 stay in the window. */
  private static final List<List<KeyValue<String, Integer>>> BIG_REDUCE_INV_OUTPUT = batches(
      batch(kv("a", 1)),
      batch(kv("a", 2), kv("b", 1)),
      batch(kv("a", 2), kv("b", 2), kv("c", 1)),
      batch(kv("a", 2), kv("b", 2), kv("c", 1)),
      batch(kv("a", 2), kv("b", 1), kv("c", 0)),
      batch(kv("a", 1), kv("b", 0), kv("c", 0)),
      batch(kv("a", 1), kv("b", 0), kv("c", 0)),
      batch(kv("a", 2), kv("b", 1), kv("c", 0)),
      batch(kv("a", 2), kv("b", 2), kv("c", 1)),
      batch(kv("a", 2), kv("b", 2), kv("c", 1)),
      batch(kv("a", 2), kv("b", 1), kv("c", 0)),
      batch(kv("a", 1), kv("b", 0), kv("c", 0)));

  private static int numBatches(int outputs, Duration slide) {
    return outputs * (int) (slide.toMillis() / OpsSupport.BATCH.toMillis());
  }

  private static <T, R> List<List<R>> run(String backend, List<List<T>> input, Function<DStream<T>, DStream<R>> op,
      int numBatches) {
    return StreamingTestHarness.run(backend, input, op, numBatches);
  }

  // ------------------------------------------------------------------ window

  private static void testWindow(List<List<Integer>> expected, Duration window, Duration slide) {
    List<List<Integer>> input = batches(batch(0), batch(1), batch(2), batch(3), batch(4), batch(5));
    List<List<Integer>> out = run(MEM, input, s -> s.window(window, slide), numBatches(expected.size(), slide));
    assertUnordered(out, expected);
  }

  @Test
  @DisplayName("window - basic window (2s, 1s)")
  void basicWindow() {
    testWindow(batches(batch(0), batch(0, 1), batch(1, 2), batch(2, 3), batch(3, 4), batch(4, 5)), sec(2), sec(1));
  }

  @Test
  @DisplayName("window - tumbling window (2s, 2s)")
  void tumblingWindow() {
    testWindow(batches(batch(0, 1), batch(2, 3), batch(4, 5)), sec(2), sec(2));
  }

  @Test
  @DisplayName("window - larger window (4s, 2s)")
  void largerWindow() {
    testWindow(batches(batch(0, 1), batch(0, 1, 2, 3), batch(2, 3, 4, 5), batch(4, 5)), sec(4), sec(2));
  }

  @Test
  @DisplayName("window - non-overlapping window, slide > window (2s, 3s)")
  void nonOverlappingWindow() {
    testWindow(batches(batch(1, 2), batch(4, 5)), sec(2), sec(3));
  }

  @Test
  @DisplayName("window(d) slides every batch")
  void windowDefaultSlide() {
    List<List<Integer>> out = run(MEM, batches(batch(0), batch(1), batch(2)), s -> s.window(sec(3)), 4);
    assertUnordered(out, batches(batch(0), batch(0, 1), batch(0, 1, 2), batch(1, 2)));
  }

  @Test
  @DisplayName("window then groupByKey (Spark: groupByKeyAndWindow)")
  void groupByKeyAndWindow() {
    List<List<KeyValue<String, List<Integer>>>> out = run(MEM, BIG_INPUT,
        s -> pairs(s).window(sec(2), sec(1)).groupByKey(), numBatches(BIG_GROUP_BY_OUTPUT.size(), sec(1)));
    assertUnordered(out, BIG_GROUP_BY_OUTPUT);
  }

  // ------------------------------------------------------------------ countByWindow, reduceByWindow

  @Test
  @DisplayName("countByWindow (Spark: countByWindow)")
  void countByWindow() {
    List<List<Long>> out = run(MEM, batches(batch(1), batch(1), batch(1, 2), batch(0), batch(), batch()),
        s -> s.countByWindow(sec(2), sec(1)), 6);
    assertUnordered(out, batches(batch(1L), batch(2L), batch(3L), batch(3L), batch(1L), batch(0L)));
  }

  @Test
  @DisplayName("countByWindow, slide > batch (4s, 2s)")
  void countByWindowLargerSlide() {
    List<List<Long>> out = run(MEM, batches(batch(1), batch(1), batch(1, 2), batch(0), batch(), batch(), batch(),
        batch()), s -> s.countByWindow(sec(4), sec(2)), 8);
    assertUnordered(out, batches(batch(2L), batch(5L), batch(3L), batch(0L)));
  }

  @Test
  @DisplayName("reduceByWindow without inverse: sum per window, nothing for an empty window")
  void reduceByWindow() {
    List<List<Integer>> out = run(MEM, batches(batch(1), batch(2), batch(3, 4), batch(), batch(), batch(5)),
        s -> s.reduceByWindow(Integer::sum, sec(2), sec(1)), 6);
    assertUnordered(out, batches(batch(1), batch(3), batch(9), batch(7), batch(), batch(5)));
  }

  @Test
  @DisplayName("reduceByWindow without inverse, slide > batch (4s, 2s)")
  void reduceByWindowLargerSlide() {
    List<List<Integer>> out = run(MEM, batches(batch(1), batch(2), batch(3), batch(4), batch(5), batch(6)),
        s -> s.reduceByWindow(Integer::sum, sec(4), sec(2)), 8);
    assertUnordered(out, batches(batch(3), batch(10), batch(18), batch(11)));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("reduceByWindow with inverse: an empty window gives 0 (the key is kept, Spark maps to key 1 with no filter)")
  void reduceByWindowWithInverse(String backend) {
    List<List<Integer>> out = run(backend, batches(batch(1), batch(2), batch(3, 4), batch(), batch(), batch(5)),
        s -> s.reduceByWindow(Integer::sum, (a, b) -> a - b, sec(2), sec(1)), 6);
    assertUnordered(out, batches(batch(1), batch(3), batch(9), batch(7), batch(0), batch(5)));
  }

  @Test
  @DisplayName("reduceByWindow with inverse, slide > batch (4s, 2s)")
  void reduceByWindowWithInverseLargerSlide() {
    List<List<Integer>> out = run(MEM, batches(batch(1), batch(2), batch(3), batch(4), batch(5), batch(6)),
        s -> s.reduceByWindow(Integer::sum, (a, b) -> a - b, sec(4), sec(2)), 8);
    assertUnordered(out, batches(batch(3), batch(10), batch(18), batch(11)));
  }

  // ------------------------------------------------------------------ reduceByKeyAndWindow (naive)

  private static void testReduceByKeyAndWindow(List<List<KeyValue<String, Integer>>> input,
      List<List<KeyValue<String, Integer>>> expected, Duration window, Duration slide) {
    List<List<KeyValue<String, Integer>>> out = run(MEM, input,
        s -> pairs(s).reduceByKeyAndWindow(Integer::sum, window, slide, 0), numBatches(expected.size(), slide));
    assertUnordered(out, expected);
  }

  @Test
  @DisplayName("reduceByKeyAndWindow - basic reduction")
  void rbkawBasic() {
    testReduceByKeyAndWindow(batches(batch(kv("a", 1), kv("a", 3))), batches(batch(kv("a", 4))), sec(2), sec(1));
  }

  @Test
  @DisplayName("reduceByKeyAndWindow - key already in window and new value added into window")
  void rbkawKeyAlreadyInWindow() {
    testReduceByKeyAndWindow(batches(batch(kv("a", 1)), batch(kv("a", 1))),
        batches(batch(kv("a", 1)), batch(kv("a", 2))), sec(2), sec(1));
  }

  @Test
  @DisplayName("reduceByKeyAndWindow - new key added into window")
  void rbkawNewKey() {
    testReduceByKeyAndWindow(batches(batch(kv("a", 1)), batch(kv("a", 1), kv("b", 1))),
        batches(batch(kv("a", 1)), batch(kv("a", 2), kv("b", 1))), sec(2), sec(1));
  }

  @Test
  @DisplayName("reduceByKeyAndWindow - key removed from window")
  void rbkawKeyRemoved() {
    testReduceByKeyAndWindow(batches(batch(kv("a", 1)), batch(kv("a", 1)), batch(), batch()),
        batches(batch(kv("a", 1)), batch(kv("a", 2)), batch(kv("a", 1)), batch()), sec(2), sec(1));
  }

  @Test
  @DisplayName("reduceByKeyAndWindow - larger slide time (4s, 2s)")
  void rbkawLargerSlide() {
    testReduceByKeyAndWindow(LARGER_SLIDE_INPUT, LARGER_SLIDE_REDUCE_OUTPUT, sec(4), sec(2));
  }

  @Test
  @DisplayName("reduceByKeyAndWindow - big test")
  void rbkawBig() {
    testReduceByKeyAndWindow(BIG_INPUT, BIG_REDUCE_OUTPUT, sec(2), sec(1));
  }

  @Test
  @DisplayName("reduceByKeyAndWindow(f, window) slides every batch")
  void rbkawDefaultSlide() {
    List<List<KeyValue<String, Integer>>> out = run(MEM, batches(batch(kv("a", 1)), batch(kv("a", 1))),
        s -> pairs(s).reduceByKeyAndWindow(Integer::sum, sec(2)), 3);
    assertUnordered(out, batches(batch(kv("a", 1)), batch(kv("a", 2)), batch(kv("a", 1))));
  }

  // ------------------------------------------------------------------ reduceByKeyAndWindow with inverse

  private static void testWithInverse(String backend, List<List<KeyValue<String, Integer>>> input,
      List<List<KeyValue<String, Integer>>> expected, Duration window, Duration slide) {
    List<List<KeyValue<String, Integer>>> out = run(backend, input,
        s -> pairs(s).reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, window, slide).uid("rbkaw-inv"),
        numBatches(expected.size(), slide));
    assertUnordered(out, expected);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("reduceByKeyAndWindow with inverse function - basic reduction")
  void invBasic(String backend) {
    testWithInverse(backend, batches(batch(kv("a", 1), kv("a", 3))), batches(batch(kv("a", 4))), sec(2), sec(1));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("reduceByKeyAndWindow with inverse function - key already in window and new value added into window")
  void invKeyAlreadyInWindow(String backend) {
    testWithInverse(backend, batches(batch(kv("a", 1)), batch(kv("a", 1))),
        batches(batch(kv("a", 1)), batch(kv("a", 2))), sec(2), sec(1));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("reduceByKeyAndWindow with inverse function - new key added into window")
  void invNewKey(String backend) {
    testWithInverse(backend, batches(batch(kv("a", 1)), batch(kv("a", 1), kv("b", 1))),
        batches(batch(kv("a", 1)), batch(kv("a", 2), kv("b", 1))), sec(2), sec(1));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("reduceByKeyAndWindow with inverse function - key removed from window: kept with value 0 (no filter)")
  void invKeyRemoved(String backend) {
    testWithInverse(backend, batches(batch(kv("a", 1)), batch(kv("a", 1)), batch(), batch()),
        batches(batch(kv("a", 1)), batch(kv("a", 2)), batch(kv("a", 1)), batch(kv("a", 0))), sec(2), sec(1));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("reduceByKeyAndWindow with inverse function - larger slide time (4s, 2s)")
  void invLargerSlide(String backend) {
    testWithInverse(backend, LARGER_SLIDE_INPUT, LARGER_SLIDE_REDUCE_OUTPUT, sec(4), sec(2));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("reduceByKeyAndWindow with inverse function - big test: keys at 0 are kept")
  void invBig(String backend) {
    testWithInverse(backend, BIG_INPUT, BIG_REDUCE_INV_OUTPUT, sec(2), sec(1));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("reduceByKeyAndWindow with inverse and filter functions - big test: keys at 0 are dropped")
  void invFilteredBig(String backend) {
    List<List<KeyValue<String, Integer>>> out = run(backend, BIG_INPUT,
        s -> pairs(s).reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, sec(2), sec(1), 2, kv -> kv.value() != 0)
            .uid("rbkaw-inv-filter"),
        BIG_REDUCE_OUTPUT.size());
    assertUnordered(out, BIG_REDUCE_OUTPUT);
  }

  // ------------------------------------------------------------------ countByValueAndWindow

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"memory", "rocksdb"})
  @DisplayName("countByValueAndWindow (Spark: countByValueAndWindow)")
  void countByValueAndWindow(String backend) {
    List<List<KeyValue<String, Long>>> out = run(backend, batches(batch("a"), batch("b", "b"), batch("a", "b")),
        s -> s.countByValueAndWindow(sec(2), sec(1)), 3);
    assertUnordered(out, batches(
        batch(kv("a", 1L)),
        batch(kv("a", 1L), kv("b", 2L)),
        batch(kv("a", 1L), kv("b", 3L))));
  }

  @Test
  @DisplayName("countByValueAndWindow drops values whose count falls to 0")
  void countByValueAndWindowDropsZeros() {
    List<List<KeyValue<String, Long>>> out = run(MEM, batches(batch("a"), batch("b", "b"), batch(), batch()),
        s -> s.countByValueAndWindow(sec(2), sec(1)), 5);
    assertUnordered(out, batches(
        batch(kv("a", 1L)),
        batch(kv("a", 1L), kv("b", 2L)),
        batch(kv("b", 2L)),
        batch(),
        batch()));
  }
}

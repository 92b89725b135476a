package io.tidemark.streaming.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.streaming.DStream;
import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.PairDStream;
import io.tidemark.streaming.StreamingTestHarness;
import io.tidemark.streaming.TidemarkConf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Helpers of the operation-semantics tests: input builders, batch-by-batch assertions (ordered
 * or, where Spark's suites compare sets, order-insensitive) and a runner with several output
 * streams (for mapWithState's mapped stream plus its state snapshots) on {@link
 * StreamingTestHarness#runBatches}: manual clock, input batch {@code i} at time
 * {@code (i + 1) × 1 s}.
 */
final class OpsSupport {
  static final Duration BATCH = StreamingTestHarness.BATCH;

  private OpsSupport() {}

  static Duration sec(long s) {
    return Duration.ofSeconds(s);
  }

  /** {@code from..to} inclusive, as Scala's {@code from to to}. */
  static List<Integer> range(int from, int to) {
    return IntStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
  }

  static <K, V> KeyValue<K, V> kv(K k, V v) {
    return KeyValue.of(k, v);
  }

  @SafeVarargs
  static <T> List<T> batch(T... elements) {
    return List.of(elements);
  }

  @SafeVarargs
  static <T> List<List<T>> batches(List<T>... batches) {
    return List.of(batches);
  }

  /** A pair view of a stream of key-value pairs (through the public API). */
  static <K, V> PairDStream<K, V> pairs(DStream<KeyValue<K, V>> s) {
    return s.mapToPair(x -> x);
  }

  /** Compares every batch in order, elements in order. */
  static <R> void assertOrdered(List<List<R>> actual, List<List<R>> expected) {
    assertThat(actual).as("number of output batches; actual %s", actual).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i)).as("output batch %d of %s", i, actual).containsExactlyElementsOf(expected.get(i));
    }
  }

  /** Compares every batch in order, elements in any order (multiset), as Spark's {@code useSet}. */
  static <R> void assertUnordered(List<List<R>> actual, List<List<R>> expected) {
    assertThat(actual).as("number of output batches; actual %s", actual).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i)).as("output batch %d of %s", i, actual)
          .containsExactlyInAnyOrderElementsOf(expected.get(i));
    }
  }

  /** The harness configuration for {@code backend}, with extra Kryo classes. */
  static TidemarkConf conf(String backend, Class<?>... kryoClasses) {
    TidemarkConf conf = StreamingTestHarness.conf(backend);
    if (kryoClasses.length > 0) {
      conf.registerKryoClasses(kryoClasses);
    }
    return conf;
  }

  /**
   * Runs a graph with several output streams on {@code input} for {@code numBatches} batches;
   * returns, per output stream (in the order {@code graph} returns them), every batch's output.
   */
  static <T> List<List<List<Object>>> runMulti(TidemarkConf conf, List<List<T>> input,
      Function<DStream<T>, List<DStream<?>>> graph, int numBatches) {
    List<List<List<Object>>> outputs = new ArrayList<>();
    StreamingTestHarness.runBatches(conf, BATCH, ssc -> {
      DStream<T> in = ssc.queueStream(StreamingTestHarness.queueOf(input), true, List.of());
      for (DStream<?> out : graph.apply(in)) {
        List<List<Object>> collected = Collections.synchronizedList(new ArrayList<>());
        outputs.add(collected);
        register(out, collected);
      }
    }, numBatches);
    List<List<List<Object>>> copies = new ArrayList<>();
    for (List<List<Object>> o : outputs) {
      synchronized (o) {
        copies.add(new ArrayList<>(o));
      }
    }
    return copies;
  }

  @SuppressWarnings("unchecked")
  private static <X> void register(DStream<X> out, List<List<Object>> collected) {
    out.foreachBatch(b -> collected.add((List<Object>) b.collect()));
  }

  /** Casts one output of {@link #runMulti}. */
  @SuppressWarnings("unchecked")
  static <R> List<List<R>> output(List<List<List<Object>>> outputs, int index) {
    return (List<List<R>>) (List<?>) outputs.get(index);
  }
}

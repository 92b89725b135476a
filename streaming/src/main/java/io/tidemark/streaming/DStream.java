package io.tidemark.streaming;

import io.tidemark.streaming.dstream.CachedNode;
import io.tidemark.streaming.dstream.OutputOperation;
import io.tidemark.streaming.dstream.PartitionMapNode;
import io.tidemark.streaming.dstream.ReduceNode;
import io.tidemark.streaming.dstream.RepartitionNode;
import io.tidemark.streaming.dstream.StreamNode;
import io.tidemark.streaming.dstream.TransformNode;
import io.tidemark.streaming.dstream.UnionNode;
import io.tidemark.streaming.dstream.WindowNode;
import io.tidemark.streaming.output.PrintOutput;
import io.tidemark.streaming.output.TextFileOutput;
import io.tidemark.streaming.util.CloseableIterator;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A discretized stream: a sequence of {@link Batch}es, one per slide interval, with the
 * operations of Spark Streaming's {@code DStream}, with the same semantics. Transformations
 * return new streams and are evaluated per batch; output operations ({@link #print},
 * {@link #foreachBatch}, {@link #saveAsTextFiles}) make the graph run. All operations must be
 * called before {@link StreamingContext#start()}; afterwards they throw {@link
 * IllegalStateException}.
 *
 * <p>Functions passed to transformations run on task threads, one task per partition at a
 * time, and may run again when a batch is re-run or read twice (use {@link #cache()}); they
 * must be free of side effects that must happen once.
 *
 * @param <T> element type
 */
public class DStream<T> {
  private final StreamingContext context;
  private final StreamNode<T> node;

  /** For the engine: wraps a graph node. */
  public DStream(StreamingContext context, StreamNode<T> node) {
    this.context = context;
    this.node = node;
  }

  /** The context this stream belongs to. */
  public final StreamingContext context() {
    return context;
  }

  /** For the engine: the graph node. */
  public final StreamNode<T> node() {
    return node;
  }

  /** Interval between this stream's batches. */
  public Duration slideDuration() {
    return node.slideDuration();
  }

  /**
   * Names the operator that produced this stream. For stateful operators the uid ties their
   * state in a checkpoint to the code, so give every stateful operator a stable uid.
   *
   * @throws IllegalArgumentException if the uid is empty or has characters other than letters,
   *     digits, '.', '_' and '-'
   */
  public DStream<T> uid(String uid) {
    node.setUid(uid);
    return this;
  }

  /** The operator uid (the given one, or a generated {@code kind-id}). */
  public String uid() {
    return node.uid();
  }

  <R> DStream<R> wrap(StreamNode<R> n) {
    return new DStream<>(context, n);
  }

  <K, V> PairDStream<K, V> wrapPair(StreamNode<KeyValue<K, V>> n) {
    return new PairDStream<>(context, n);
  }

  // ---------------------------------------------------------------- narrow transformations

  /** Applies {@code f} to every element. */
  public <R> DStream<R> map(Function<? super T, ? extends R> f) {
    return wrap(new PartitionMapNode<T, R>(node, (p, it) -> it.map(f), "map"));
  }

  /** Replaces every element by the elements {@code f} returns for it. */
  public <R> DStream<R> flatMap(Function<? super T, ? extends Iterable<? extends R>> f) {
    return wrap(new PartitionMapNode<T, R>(node, (p, it) -> it.flatMap(x -> f.apply(x).iterator()), "flatMap"));
  }

  /** Keeps the elements that match {@code predicate}. */
  public DStream<T> filter(Predicate<? super T> predicate) {
    return wrap(new PartitionMapNode<T, T>(node, (p, it) -> it.filter(predicate), "filter"));
  }

  /** Applies {@code f} to each partition's iterator of each batch. */
  public <R> DStream<R> mapPartitions(Function<Iterator<T>, Iterator<R>> f) {
    return wrap(new PartitionMapNode<T, R>(node, (p, it) -> CloseableIterator.closing(f.apply(it), it), "mapPartitions"));
  }

  /** Turns every element into a key-value pair. */
  public <K, V> PairDStream<K, V> mapToPair(Function<? super T, KeyValue<K, V>> f) {
    return wrapPair(new PartitionMapNode<T, KeyValue<K, V>>(node, (p, it) -> it.map(f), "mapToPair"));
  }

  /** Replaces every element by the pairs {@code f} returns for it. */
  public <K, V> PairDStream<K, V> flatMapToPair(Function<? super T, ? extends Iterable<KeyValue<K, V>>> f) {
    return wrapPair(new PartitionMapNode<T, KeyValue<K, V>>(node,
        (p, it) -> it.flatMap(x -> f.apply(x).iterator()), "flatMapToPair"));
  }

  /** The union of this stream and {@code other} (same slide). */
  public DStream<T> union(DStream<T> other) {
    return wrap(new UnionNode<>(List.of(node, other.node)));
  }

  /** A stream whose batch at each time is {@code f} of this stream's batch. */
  public <R> DStream<R> transform(Function<Batch<T>, Batch<R>> f) {
    return transform((b, t) -> f.apply(b));
  }

  /** A stream whose batch at each time is {@code f} of this stream's batch and the batch time. */
  @SuppressWarnings("unchecked")
  public <R> DStream<R> transform(BiFunction<Batch<T>, Time, Batch<R>> f) {
    return wrap(new TransformNode<R>(List.of(node), (batches, t) -> f.apply((Batch<T>) batches.get(0), t)));
  }

  /** As {@link #transform(BiFunction)}, giving a pair stream. */
  @SuppressWarnings("unchecked")
  public <K, V> PairDStream<K, V> transformToPair(BiFunction<Batch<T>, Time, Batch<KeyValue<K, V>>> f) {
    return wrapPair(new TransformNode<KeyValue<K, V>>(List.of(node), (batches, t) -> f.apply((Batch<T>) batches.get(0), t)));
  }

  /** Spreads every batch over {@code numPartitions} partitions, round-robin. */
  public DStream<T> repartition(int numPartitions) {
    return wrap(new RepartitionNode<>(node, numPartitions));
  }

  /** Computes each batch once and keeps it in memory while it is needed (Spark's cache). */
  public DStream<T> cache() {
    return wrap(new CachedNode<>(node));
  }

  /** Same as {@link #cache()}. */
  public DStream<T> persist() {
    return cache();
  }

  // ---------------------------------------------------------------- aggregations

  /** A stream of one element per batch: the number of elements (0 for an empty batch). */
  public DStream<Long> count() {
    DStream<Long> perPartition = wrap(new PartitionMapNode<T, Long>(node, (p, it) -> {
      long c = 0;
      while (it.hasNext()) {
        it.next();
        c++;
      }
      it.close();
      return CloseableIterator.of(List.of(c));
    }, "count"));
    return wrap(new ReduceNode<>(perPartition.node, Long::sum, 0L));
  }

  /** A stream of (element, number of occurrences) per batch. */
  public PairDStream<T, Long> countByValue() {
    return countByValue(0);
  }

  /** As {@link #countByValue()} with {@code numPartitions} partitions (0: default). */
  public PairDStream<T, Long> countByValue(int numPartitions) {
    return this.<T, Long>mapToPair(x -> new KeyValue<>(x, 1L)).reduceByKey(Long::sum, numPartitions);
  }

  /** A stream of at most one element per batch: the reduce of its elements (none if empty). */
  public DStream<T> reduce(BinaryOperator<T> f) {
    return wrap(new ReduceNode<>(node, f, null));
  }

  // ---------------------------------------------------------------- windows

  /** All elements of the last {@code windowDuration}, every batch. */
  public DStream<T> window(Duration windowDuration) {
    return window(windowDuration, slideDuration());
  }

  /** All elements of the last {@code windowDuration}, every {@code slideDuration}. */
  public DStream<T> window(Duration windowDuration, Duration slideDuration) {
    return wrap(new WindowNode<>(node, windowDuration, slideDuration));
  }

  /** The reduce of the elements of each window (Spark: reduce, window, reduce). */
  public DStream<T> reduceByWindow(BinaryOperator<T> f, Duration windowDuration, Duration slideDuration) {
    return reduce(f).window(windowDuration, slideDuration).reduce(f);
  }

  /**
   * The reduce of each window, computed incrementally with the inverse function: the window's
   * value is {@code f(invF(previous, leaving), entering)}.
   */
  public DStream<T> reduceByWindow(BinaryOperator<T> f, BinaryOperator<T> invF, Duration windowDuration,
      Duration slideDuration) {
    return this.<Integer, T>mapToPair(x -> new KeyValue<>(1, x))
        .reduceByKeyAndWindow(f, invF, windowDuration, slideDuration, 1, null)
        .map(KeyValue::value);
  }

  /** The number of elements in each window (incremental, with subtraction). */
  public DStream<Long> countByWindow(Duration windowDuration, Duration slideDuration) {
    return this.<Long>map(x -> 1L).reduceByWindow(Long::sum, (a, b) -> a - b, windowDuration, slideDuration);
  }

  /** (element, count) over each window; elements whose count falls to 0 are dropped. */
  public PairDStream<T, Long> countByValueAndWindow(Duration windowDuration, Duration slideDuration) {
    return countByValueAndWindow(windowDuration, slideDuration, 0);
  }

  /** As {@link #countByValueAndWindow(Duration, Duration)} with {@code numPartitions} partitions. */
  public PairDStream<T, Long> countByValueAndWindow(Duration windowDuration, Duration slideDuration, int numPartitions) {
    return this.<T, Long>mapToPair(x -> new KeyValue<>(x, 1L))
        .reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, windowDuration, slideDuration, numPartitions,
            kv -> kv.value() != 0L);
  }

  // ---------------------------------------------------------------- outputs

  /** Prints the first 10 elements of every batch. */
  public void print() {
    print(10);
  }

  /** Prints the first {@code num} elements of every batch, in Spark's format. */
  public void print(int num) {
    addOutput(new PrintOutput<>(num, System.out), "print");
  }

  /**
   * Runs {@code f(batch, batchTime)} on the job thread at every batch. The function may read
   * the batch in parallel (e.g. {@link Batch#foreachPartition}); it should be idempotent per
   * batch time, because a batch may run again after a failure.
   */
  public void foreachBatch(BiConsumer<Batch<T>, Time> f) {
    addOutput(f, "foreachBatch");
  }

  /** Runs {@code f(batch)} at every batch. */
  public void foreachBatch(Consumer<Batch<T>> f) {
    addOutput((b, t) -> f.accept(b), "foreachBatch");
  }

  /**
   * Saves every batch as text under {@code prefix-<batchTimeMs>[.suffix]/part-NNNNN},
   * atomically and idempotently per batch time (see {@link TextFileOutput}). A batch run again
   * after a restart keeps an output an earlier run completed for its time (unlike Spark, which
   * overwrites it): that output was computed from the state as of that batch, while a re-run may
   * find a stateful operator's store already past it.
   *
   * @param suffix null or empty for none
   */
  public void saveAsTextFiles(String prefix, String suffix) {
    addOutput(new TextFileOutput<>(prefix, suffix, context.graph()::isRerun), "saveAsTextFiles");
  }

  private void addOutput(BiConsumer<Batch<T>, Time> action, String name) {
    context.graph().addOutput(new OutputOperation<>(node, action, name));
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + node.uid() + ")";
  }
}

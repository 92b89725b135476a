package io.tidemark.streaming;

import io.tidemark.streaming.dstream.CoGroupNode;
import io.tidemark.streaming.dstream.KeyedShuffle;
import io.tidemark.streaming.dstream.ListAggregator;
import io.tidemark.streaming.dstream.MapWithStateNode;
import io.tidemark.streaming.dstream.PartitionMapNode;
import io.tidemark.streaming.dstream.ReducedWindowNode;
import io.tidemark.streaming.dstream.ShuffledNode;
import io.tidemark.streaming.dstream.StateByKeyNode;
import io.tidemark.streaming.dstream.StreamNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A DStream of key-value pairs with Spark's pair operations ({@code PairDStreamFunctions}).
 * Keyed operations partition by key group: a key's group is a murmur3 hash of its Kryo bytes
 * (so key classes must be registered, see {@link TidemarkConf#registerKryoClasses}), and
 * equal keys must have equal bytes and {@code equals}. Values are combined per key inside a
 * batch before any state is touched.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class PairDStream<K, V> extends DStream<KeyValue<K, V>> {

  /** For the engine: wraps a graph node. */
  public PairDStream(StreamingContext context, StreamNode<KeyValue<K, V>> node) {
    super(context, node);
  }

  @Override
  public PairDStream<K, V> uid(String uid) {
    super.uid(uid);
    return this;
  }

  @Override
  public PairDStream<K, V> filter(Predicate<? super KeyValue<K, V>> predicate) {
    return wrapPair(super.filter(predicate).node());
  }

  @Override
  public PairDStream<K, V> union(DStream<KeyValue<K, V>> other) {
    return wrapPair(super.union(other).node());
  }

  @Override
  public PairDStream<K, V> repartition(int numPartitions) {
    return wrapPair(super.repartition(numPartitions).node());
  }

  @Override
  public PairDStream<K, V> cache() {
    return wrapPair(super.cache().node());
  }

  @Override
  public PairDStream<K, V> persist() {
    return cache();
  }

  @Override
  public PairDStream<K, V> window(Duration windowDuration) {
    return wrapPair(super.window(windowDuration).node());
  }

  @Override
  public PairDStream<K, V> window(Duration windowDuration, Duration slideDuration) {
    return wrapPair(super.window(windowDuration, slideDuration).node());
  }

  /** The keys. */
  public DStream<K> keys() {
    return map(KeyValue::key);
  }

  /** The values. */
  public DStream<V> values() {
    return map(KeyValue::value);
  }

  /** Applies {@code f} to every value, keeping the key. */
  public <W> PairDStream<K, W> mapValues(Function<? super V, ? extends W> f) {
    return wrapPair(new PartitionMapNode<KeyValue<K, V>, KeyValue<K, W>>(node(),
        (p, it) -> it.map(kv -> new KeyValue<>(kv.key(), f.apply(kv.value()))), "mapValues"));
  }

  /** Replaces every value by the values {@code f} returns, keeping the key. */
  public <W> PairDStream<K, W> flatMapValues(Function<? super V, ? extends Iterable<? extends W>> f) {
    return wrapPair(new PartitionMapNode<KeyValue<K, V>, KeyValue<K, W>>(node(), (p, it) -> it.flatMap(kv -> {
      List<KeyValue<K, W>> out = new ArrayList<>();
      for (W w : f.apply(kv.value())) {
        out.add(new KeyValue<>(kv.key(), w));
      }
      return out.iterator();
    }), "flatMapValues"));
  }

  // ---------------------------------------------------------------- per-batch keyed operations

  /** Reduces the values of each key in each batch with {@code f} (associative). */
  public PairDStream<K, V> reduceByKey(BinaryOperator<V> f) {
    return reduceByKey(f, 0);
  }

  /** As {@link #reduceByKey(BinaryOperator)} with {@code numPartitions} partitions (0: default). */
  public PairDStream<K, V> reduceByKey(BinaryOperator<V> f, int numPartitions) {
    return wrapPair(reduceByKeyNode(f, numPartitions));
  }

  private ShuffledNode<K, V, V> reduceByKeyNode(BinaryOperator<V> f, int numPartitions) {
    return shuffledNode(v -> v, f, f, numPartitions, "reduceByKey");
  }

  /** The values of each key in each batch, in arrival order. */
  public PairDStream<K, List<V>> groupByKey() {
    return groupByKey(0);
  }

  /** As {@link #groupByKey()} with {@code numPartitions} partitions (0: default). */
  public PairDStream<K, List<V>> groupByKey(int numPartitions) {
    return wrapPair(new ShuffledNode<>(node(), ListAggregator.<V>instance(), numPartitions, "groupByKey"));
  }

  /** Combines the values of each key in each batch, as Spark's {@code combineByKey}. */
  public <C> PairDStream<K, C> combineByKey(Function<V, C> createCombiner, java.util.function.BiFunction<C, V, C> mergeValue,
      BinaryOperator<C> mergeCombiners, int numPartitions) {
    return combineByKey(createCombiner, mergeValue, mergeCombiners, numPartitions, "combineByKey");
  }

  private <C> PairDStream<K, C> combineByKey(Function<V, C> createCombiner, java.util.function.BiFunction<C, V, C> mergeValue,
      BinaryOperator<C> mergeCombiners, int numPartitions, String kind) {
    return wrapPair(shuffledNode(createCombiner, mergeValue, mergeCombiners, numPartitions, kind));
  }

  private <C> ShuffledNode<K, V, C> shuffledNode(Function<V, C> createCombiner,
      java.util.function.BiFunction<C, V, C> mergeValue, BinaryOperator<C> mergeCombiners, int numPartitions,
      String kind) {
    KeyedShuffle.Aggregator<V, C> aggregator = KeyedShuffle.aggregator(createCombiner, mergeValue, mergeCombiners);
    return new ShuffledNode<>(node(), aggregator, numPartitions, kind);
  }

  /** Values of each key in this stream and {@code other}, per batch. */
  public <W> PairDStream<K, CoGroupedValues<V, W>> cogroup(PairDStream<K, W> other) {
    return cogroup(other, 0);
  }

  /** As {@link #cogroup(PairDStream)} with {@code numPartitions} partitions (0: default). */
  @SuppressWarnings("unchecked")
  public <W> PairDStream<K, CoGroupedValues<V, W>> cogroup(PairDStream<K, W> other, int numPartitions) {
    List<StreamNode<? extends KeyValue<K, ?>>> parents = List.of(node(), other.node());
    DStream<KeyValue<K, List<List<Object>>>> grouped = wrap(new CoGroupNode<>(parents, numPartitions));
    return grouped.mapToPair(kv -> new KeyValue<>(kv.key(),
        new CoGroupedValues<>((List<V>) (List<?>) kv.value().get(0), (List<W>) (List<?>) kv.value().get(1))));
  }

  /** Inner join per batch: for every key, every pair of its values in the two streams. */
  public <W> PairDStream<K, JoinedValues<V, W>> join(PairDStream<K, W> other) {
    return join(other, 0);
  }

  /** As {@link #join(PairDStream)} with {@code numPartitions} partitions (0: default). */
  public <W> PairDStream<K, JoinedValues<V, W>> join(PairDStream<K, W> other, int numPartitions) {
    return cogroup(other, numPartitions).flatMapValues(g -> {
      List<JoinedValues<V, W>> out = new ArrayList<>();
      for (V v : g.left()) {
        for (W w : g.right()) {
          out.add(new JoinedValues<>(v, w));
        }
      }
      return out;
    });
  }

  /** Left outer join per batch: every value of this stream, with each match or empty. */
  public <W> PairDStream<K, JoinedValues<V, Optional<W>>> leftOuterJoin(PairDStream<K, W> other) {
    return leftOuterJoin(other, 0);
  }

  /** As {@link #leftOuterJoin(PairDStream)} with {@code numPartitions} partitions (0: default). */
  public <W> PairDStream<K, JoinedValues<V, Optional<W>>> leftOuterJoin(PairDStream<K, W> other, int numPartitions) {
    return cogroup(other, numPartitions).flatMapValues(g -> {
      List<JoinedValues<V, Optional<W>>> out = new ArrayList<>();
      for (V v : g.left()) {
        if (g.right().isEmpty()) {
          out.add(new JoinedValues<>(v, Optional.empty()));
        }
        for (W w : g.right()) {
          out.add(new JoinedValues<>(v, Optional.ofNullable(w)));
        }
      }
      return out;
    });
  }

  // ---------------------------------------------------------------- windows

  /** Reduce per key over the last {@code windowDuration}, every batch. */
  public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, Duration windowDuration) {
    return reduceByKeyAndWindow(f, windowDuration, slideDuration(), 0);
  }

  /**
   * Reduce per key over each window, recomputed from the window's batches (Spark:
   * reduceByKey, window, reduceByKey).
   */
  public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, Duration windowDuration, Duration slideDuration,
      int numPartitions) {
    return reduceByKey(f, numPartitions).window(windowDuration, slideDuration).reduceByKey(f, numPartitions);
  }

  /** Incremental reduce per key over each window with the inverse function; no filter. */
  public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, BinaryOperator<V> invF, Duration windowDuration,
      Duration slideDuration) {
    return reduceByKeyAndWindow(f, invF, windowDuration, slideDuration, 0, null);
  }

  /**
   * Reduce per key over each window, maintained incrementally: the window's value of a key is
   * {@code f(invF(previous, leaving), entering)}, so each slide costs only the keys that
   * entered or left, as Spark's {@code reduceByKeyAndWindow} with an inverse function. The
   * window values are state (give the result a {@link #uid}). Keys stay in the window state
   * even when their value falls to the identity (e.g. a count of 0) unless {@code filter}
   * drops them.
   *
   * @param f associative and commutative reduce function
   * @param invF inverse of {@code f}: {@code invF(f(a, b), b) == a}
   * @param windowDuration window length, a multiple of this stream's slide
   * @param slideDuration window slide, a multiple of this stream's slide
   * @param numPartitions state partitions (0: default)
   * @param filter keeps a key in the window when true; null keeps all
   */
  public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, BinaryOperator<V> invF, Duration windowDuration,
      Duration slideDuration, int numPartitions, Predicate<KeyValue<K, V>> filter) {
    return wrapPair(new ReducedWindowNode<>(reduceByKeyNode(f, numPartitions), f, invF, filter, windowDuration,
        slideDuration, numPartitions));
  }

  // ---------------------------------------------------------------- state

  /** The update function of {@link #updateStateByKey}: new values and previous state to new state. */
  @FunctionalInterface
  public interface UpdateFunction<V, S> {
    /**
     * @param values the key's values in this batch, in arrival order (empty if none)
     * @param state the key's state before this batch, if any
     * @return the new state, or empty to remove the key
     */
    Optional<S> call(List<V> values, Optional<S> state) throws Exception;
  }

  /**
   * Keeps a state per key, updated at every batch for every key with new values or state
   * (Spark's {@code updateStateByKey}); the stream's batch is the whole state. Give it a
   * {@link #uid}. State types must be registered with Kryo.
   */
  public <S> PairDStream<K, S> updateStateByKey(UpdateFunction<V, S> update) {
    return updateStateByKey(update, 0, List.of());
  }

  /** As {@link #updateStateByKey(UpdateFunction)} with {@code numPartitions} state partitions. */
  public <S> PairDStream<K, S> updateStateByKey(UpdateFunction<V, S> update, int numPartitions) {
    return updateStateByKey(update, numPartitions, List.of());
  }

  /**
   * As {@link #updateStateByKey(UpdateFunction)}, starting from {@code initialState} (the
   * previous state of its keys at the first batch; ignored when state exists).
   */
  public <S> PairDStream<K, S> updateStateByKey(UpdateFunction<V, S> update, int numPartitions,
      List<KeyValue<K, S>> initialState) {
    return wrapPair(new StateByKeyNode<K, V, S>(node(), (k, values, state) -> update.call(values, state),
        initialState, numPartitions));
  }

  /**
   * Maps every record with the state of its key (Spark's {@code mapWithState}); only the keys
   * of each batch are read and written, so the cost of a batch does not grow with the state.
   * Give it a {@link #uid}.
   */
  public <S, M> MapWithStateDStream<K, V, S, M> mapWithState(StateSpec<K, V, S, M> spec) {
    return new MapWithStateDStream<>(context(), new MapWithStateNode<>(node(), spec));
  }
}

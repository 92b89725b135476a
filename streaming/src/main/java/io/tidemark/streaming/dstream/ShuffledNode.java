package io.tidemark.streaming.dstream;

import io.tidemark.streaming.Batch;
import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.Time;
import java.util.List;
import java.util.Optional;

/** reduceByKey, groupByKey and combineByKey: a {@link KeyedShuffle} of every batch. */
public final class ShuffledNode<K, V, C> extends StreamNode<KeyValue<K, C>> {
  private final StreamNode<KeyValue<K, V>> parent;
  private final KeyedShuffle.Aggregator<V, C> aggregator;
  private final int numPartitions;
  private final String kind;

  /** {@code numPartitions <= 0} means the context's default. */
  public ShuffledNode(StreamNode<KeyValue<K, V>> parent, KeyedShuffle.Aggregator<V, C> aggregator,
      int numPartitions, String kind) {
    super(parent.graph);
    this.parent = parent;
    this.aggregator = aggregator;
    this.numPartitions = numPartitions;
    this.kind = kind;
  }

  @Override
  public List<StreamNode<?>> dependencies() {
    return List.of(parent);
  }

  @Override
  public String kind() {
    return kind;
  }

  /** The shuffle runs when the batch is computed; the batch holds the combined entries. */
  @Override
  protected boolean materializesBatches() {
    return true;
  }

  /** The number of partitions of every batch: as asked, or the context's default. */
  public int partitions() {
    return numPartitions > 0 ? numPartitions : graph.env().partitions();
  }

  /** Every batch is a {@link ShuffledBatch} of {@link #partitions()} partitions. */
  @Override
  protected Optional<Batch<KeyValue<K, C>>> compute(Time time) {
    ExecutionEnvironment env = graph.env();
    int n = partitions();
    return parent.getOrCompute(time)
        .map(b -> KeyedShuffle.asBatch(KeyedShuffle.shuffle(b, aggregator, n, env), env));
  }
}

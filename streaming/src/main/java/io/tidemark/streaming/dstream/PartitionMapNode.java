package io.tidemark.streaming.dstream;

import io.tidemark.streaming.Batch;
import io.tidemark.streaming.Time;
import java.util.List;
import java.util.Optional;

/**
 * A narrow transformation — map, filter, flatMap, mapPartitions, mapToPair, mapValues — as a
 * lazy per-partition view of the parent's batch: the function runs inside the task that reads
 * the partition, so chains of narrow transformations are pipelined as in Spark.
 */
public final class PartitionMapNode<T, R> extends StreamNode<R> {
  private final StreamNode<T> parent;
  private final Batch.BiFunctionOfPartition<T, R> function;
  private final String kind;

  public PartitionMapNode(StreamNode<T> parent, Batch.BiFunctionOfPartition<T, R> function, String kind) {
    super(parent.graph);
    this.parent = parent;
    this.function = function;
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

  @Override
  protected Optional<Batch<R>> compute(Time time) {
    return parent.getOrCompute(time).map(b -> b.mapPartitionsWithIndex(function));
  }
}

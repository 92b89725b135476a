package io.tidemark.streaming.dstream;

import io.tidemark.streaming.Batch;
import io.tidemark.streaming.Time;
import java.util.List;
import java.util.Optional;

/**
 * Materialises the parent's batch once per batch time, in parallel, so that several consumers
 * read it without recomputing it (Spark's {@code cache()}/{@code persist()}).
 */
public final class CachedNode<T> extends StreamNode<T> {
  private final StreamNode<T> parent;

  public CachedNode(StreamNode<T> parent) {
    super(parent.graph);
    this.parent = parent;
  }

  @Override
  public List<StreamNode<?>> dependencies() {
    return List.of(parent);
  }

  @Override
  public String kind() {
    return "cache";
  }

  @Override
  protected Optional<Batch<T>> compute(Time time) {
    return parent.getOrCompute(time)
        .map(b -> b.isMaterialized() ? b : Batch.ofPartitions(b.tasks(), b.collectPartitions()));
  }
}

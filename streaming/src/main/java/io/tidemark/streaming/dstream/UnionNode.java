package io.tidemark.streaming.dstream;

import io.tidemark.streaming.Batch;
import io.tidemark.streaming.Time;
import java.util.List;
import java.util.Optional;

/** The union of several streams of one slide: the partitions of each parent, in order. */
public final class UnionNode<T> extends StreamNode<T> {
  private final List<StreamNode<T>> parents;

  public UnionNode(List<StreamNode<T>> parents) {
    super(parents.get(0).graph);
    this.parents = List.copyOf(parents);
  }

  @Override
  public List<StreamNode<?>> dependencies() {
    return List.copyOf(parents);
  }

  @Override
  public String kind() {
    return "union";
  }

  @Override
  public void validateAtStart() {
    super.validateAtStart();
    for (StreamNode<T> p : parents) {
      if (!p.slideDuration().equals(parents.get(0).slideDuration())) {
        throw new IllegalArgumentException(uid() + ": union of streams with different slide durations ("
            + parents.get(0).slideDuration() + " and " + p.slideDuration() + ")");
      }
    }
  }

  @Override
  protected Optional<Batch<T>> compute(Time time) {
    Batch<T> result = null;
    for (StreamNode<T> p : parents) {
      Optional<Batch<T>> b = p.getOrCompute(time);
      if (b.isEmpty()) {
        throw new IllegalStateException(uid() + ": parent " + p.uid() + " has no data for " + time);
      }
      result = result == null ? b.get() : result.union(b.get());
    }
    return Optional.ofNullable(result);
  }
}

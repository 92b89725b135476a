package io.tidemark.streaming.dstream;

import io.tidemark.streaming.Batch;
import io.tidemark.streaming.Time;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * An arbitrary batch-to-batch function of one or more parents ({@code transform},
 * {@code transformWith}), evaluated on the job thread at each batch time.
 */
public final class TransformNode<R> extends StreamNode<R> {
  private final List<StreamNode<?>> parents;
  private final BiFunction<List<Batch<?>>, Time, Batch<R>> function;

  public TransformNode(List<StreamNode<?>> parents, BiFunction<List<Batch<?>>, Time, Batch<R>> function) {
    super(parents.get(0).graph);
    this.parents = List.copyOf(parents);
    this.function = function;
  }

  @Override
  public List<StreamNode<?>> dependencies() {
    return parents;
  }

  @Override
  public String kind() {
    return "transform";
  }

  @Override
  protected Optional<Batch<R>> compute(Time time) {
    List<Batch<?>> inputs = new ArrayList<>(parents.size());
    for (StreamNode<?> p : parents) {
      Optional<? extends Batch<?>> b = p.getOrCompute(time);
      if (b.isEmpty()) {
        return Optional.empty();
      }
      inputs.add(b.get());
    }
    Batch<R> out = function.apply(inputs, time);
    if (out == null) {
      throw new IllegalStateException(uid() + ": the transform function returned null for " + time);
    }
    return Optional.of(out);
  }
}

package io.tidemark.streaming.dstream;

import io.tidemark.streaming.Batch;
import io.tidemark.streaming.Time;
import io.tidemark.streaming.util.CloseableIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BinaryOperator;

/**
 * Reduces each batch to at most one element: every partition is reduced in parallel, then the
 * partial results in partition order. An empty batch gives an empty result, or {@code
 * zeroIfEmpty} when set ({@code count()} gives 0 for an empty batch, as in Spark).
 */
public final class ReduceNode<T> extends StreamNode<T> {
  private final StreamNode<T> parent;
  private final BinaryOperator<T> reduce;
  private final T zeroIfEmpty;

  public ReduceNode(StreamNode<T> parent, BinaryOperator<T> reduce, T zeroIfEmpty) {
    super(parent.graph);
    this.parent = parent;
    this.reduce = reduce;
    this.zeroIfEmpty = zeroIfEmpty;
  }

  @Override
  public List<StreamNode<?>> dependencies() {
    return List.of(parent);
  }

  @Override
  public String kind() {
    return "reduce";
  }

  @Override
  protected Optional<Batch<T>> compute(Time time) {
    return parent.getOrCompute(time).map(batch -> {
      int n = batch.numPartitions();
      List<Optional<T>> partials = new ArrayList<>(n);
      for (int p = 0; p < n; p++) {
        partials.add(Optional.empty());
      }
      batch.tasks().runTasks(n, p -> {
        T acc = null;
        boolean any = false;
        try (CloseableIterator<T> it = batch.iterator(p)) {
          while (it.hasNext()) {
            T x = it.next();
            acc = any ? reduce.apply(acc, x) : x;
            any = true;
          }
        }
        if (any) {
          Optional<T> r = Optional.ofNullable(acc);
          synchronized (partials) {
            partials.set(p, r);
          }
        }
      });
      T acc = null;
      boolean any = false;
      for (Optional<T> partial : partials) {
        if (partial.isPresent()) {
          acc = any ? reduce.apply(acc, partial.get()) : partial.get();
          any = true;
        }
      }
      List<T> out = new ArrayList<>(1);
      if (any) {
        out.add(acc);
      } else if (zeroIfEmpty != null) {
        out.add(zeroIfEmpty);
      }
      return Batch.ofPartitions(batch.tasks(), List.of(out));
    });
  }
}

package io.tidemark.streaming.dstream;

import io.tidemark.streaming.Batch;
import io.tidemark.streaming.Time;
import io.tidemark.streaming.util.CloseableIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Spreads every batch over {@code numPartitions} partitions round-robin: element {@code i} of
 * input partition {@code p} goes to partition {@code (p + i) mod numPartitions}. Deterministic,
 * so a re-run batch is partitioned the same way.
 */
public final class RepartitionNode<T> extends StreamNode<T> {
  private final StreamNode<T> parent;
  private final int numPartitions;

  public RepartitionNode(StreamNode<T> parent, int numPartitions) {
    super(parent.graph);
    if (numPartitions < 1) {
      throw new IllegalArgumentException("numPartitions must be >= 1, got " + numPartitions);
    }
    this.parent = parent;
    this.numPartitions = numPartitions;
  }

  @Override
  public List<StreamNode<?>> dependencies() {
    return List.of(parent);
  }

  @Override
  public String kind() {
    return "repartition";
  }

  @Override
  protected Optional<Batch<T>> compute(Time time) {
    return parent.getOrCompute(time).map(batch -> {
      int in = batch.numPartitions();
      List<List<List<T>>> buckets = new ArrayList<>(in);
      for (int p = 0; p < in; p++) {
        buckets.add(null);
      }
      batch.tasks().runTasks(in, p -> {
        List<List<T>> out = new ArrayList<>(numPartitions);
        for (int q = 0; q < numPartitions; q++) {
          out.add(new ArrayList<>());
        }
        try (CloseableIterator<T> it = batch.iterator(p)) {
          int i = 0;
          while (it.hasNext()) {
            out.get((p + i++) % numPartitions).add(it.next());
          }
        }
        synchronized (buckets) {
          buckets.set(p, out);
        }
      });
      List<List<T>> result = new ArrayList<>(numPartitions);
      for (int q = 0; q < numPartitions; q++) {
        List<T> part = new ArrayList<>();
        for (List<List<T>> b : buckets) {
          part.addAll(b.get(q));
        }
        result.add(part);
      }
      return Batch.ofPartitions(batch.tasks(), result);
    });
  }
}

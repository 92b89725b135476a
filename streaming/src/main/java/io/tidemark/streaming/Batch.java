package io.tidemark.streaming;

import io.tidemark.streaming.scheduler.TaskRunner;
import io.tidemark.streaming.util.CloseableIterator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The data of one DStream for one batch time: a fixed number of partitions, each an ordered
 * sequence of elements, like one of Spark's RDDs. Given to {@link DStream#foreachBatch} and
 * {@link DStream#transform}.
 *
 * <p>Transformations ({@link #map}, {@link #filter}, …) are lazy views that run inside the
 * task that reads a partition; actions ({@link #collect}, {@link #count}, {@link
 * #foreachPartition}) read the partitions, in parallel where it says so. A batch may be read
 * several times; each read recomputes its lazy views.
 *
 * <p>Thread-safety: reading different partitions from different threads is safe; functions
 * passed to parallel actions must be thread-safe.
 *
 * @param <T> element type
 */
public abstract class Batch<T> {
  private final TaskRunner tasks;

  /** For implementations: {@code tasks} runs parallel actions. */
  protected Batch(TaskRunner tasks) {
    this.tasks = tasks;
  }

  /** Number of partitions, {@code >= 0}. */
  public abstract int numPartitions();

  /**
   * Opens an iterator over partition {@code partition}; the caller closes it.
   *
   * @throws IndexOutOfBoundsException if {@code partition} is not in {@code [0,
   *     numPartitions())}
   */
  public abstract CloseableIterator<T> iterator(int partition);

  /** The task runner parallel actions of this batch use. */
  public final TaskRunner tasks() {
    return tasks;
  }

  /** A lazy view applying {@code f} to every partition's iterator; {@code f} gets the partition index. */
  public <R> Batch<R> mapPartitionsWithIndex(
      BiFunctionOfPartition<T, R> f) {
    Batch<T> parent = this;
    return new Batch<>(tasks) {
      @Override
      public int numPartitions() {
        return parent.numPartitions();
      }

      @Override
      public CloseableIterator<R> iterator(int partition) {
        return f.apply(partition, parent.iterator(partition));
      }
    };
  }

  /** A lazy view of {@code f} applied to every element. */
  public <R> Batch<R> map(Function<? super T, ? extends R> f) {
    return mapPartitionsWithIndex((p, it) -> it.map(f));
  }

  /** A lazy view of the elements that match {@code p}. */
  public Batch<T> filter(Predicate<? super T> predicate) {
    return mapPartitionsWithIndex((p, it) -> it.filter(predicate));
  }

  /** A lazy view of every element replaced by the elements {@code f} returns for it. */
  public <R> Batch<R> flatMap(Function<? super T, ? extends Iterable<? extends R>> f) {
    return mapPartitionsWithIndex((p, it) -> it.flatMap(x -> f.apply(x).iterator()));
  }

  /** A lazy view of {@code f} applied to every partition's iterator. */
  public <R> Batch<R> mapPartitions(Function<Iterator<T>, Iterator<R>> f) {
    return mapPartitionsWithIndex((p, it) -> CloseableIterator.closing(f.apply(it), it));
  }

  /** The partitions of {@code this} followed by those of {@code other} (no shuffle). */
  public Batch<T> union(Batch<T> other) {
    Batch<T> self = this;
    return new Batch<>(tasks) {
      @Override
      public int numPartitions() {
        return self.numPartitions() + other.numPartitions();
      }

      @Override
      public CloseableIterator<T> iterator(int partition) {
        int n = self.numPartitions();
        return partition < n ? self.iterator(partition) : other.iterator(partition - n);
      }
    };
  }

  /** All elements, partition by partition, in one list on the caller's heap. */
  public List<T> collect() {
    List<List<T>> parts = collectPartitions();
    List<T> all = new ArrayList<>();
    parts.forEach(all::addAll);
    return all;
  }

  /** Every partition's elements, read in parallel. */
  public List<List<T>> collectPartitions() {
    int n = numPartitions();
    List<List<T>> parts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      parts.add(null);
    }
    tasks.runTasks(n, p -> {
      List<T> out = new ArrayList<>();
      try (CloseableIterator<T> it = iterator(p)) {
        it.forEachRemaining(out::add);
      }
      synchronized (parts) {
        parts.set(p, out);
      }
    });
    return parts;
  }

  /** Number of elements, counted in parallel. */
  public long count() {
    AtomicLong total = new AtomicLong();
    tasks.runTasks(numPartitions(), p -> {
      long c = 0;
      try (CloseableIterator<T> it = iterator(p)) {
        while (it.hasNext()) {
          it.next();
          c++;
        }
      }
      total.addAndGet(c);
    });
    return total.get();
  }

  /** Whether the batch has no element. */
  public boolean isEmpty() {
    for (int p = 0; p < numPartitions(); p++) {
      try (CloseableIterator<T> it = iterator(p)) {
        if (it.hasNext()) {
          return false;
        }
      }
    }
    return true;
  }

  /** Runs {@code f(partitionIndex, iterator)} for every partition, in parallel. */
  public void foreachPartition(BiConsumer<Integer, Iterator<T>> f) {
    tasks.runTasks(numPartitions(), p -> {
      try (CloseableIterator<T> it = iterator(p)) {
        f.accept(p, it);
      }
    });
  }

  /** Runs {@code f} on every element, partitions in parallel ({@code f} must be thread-safe). */
  public void foreach(Consumer<? super T> f) {
    foreachPartition((p, it) -> it.forEachRemaining(f));
  }

  /** The first {@code n} elements, reading only as many partitions as needed. */
  public List<T> take(int n) {
    List<T> out = new ArrayList<>(Math.min(n, 1024));
    for (int p = 0; p < numPartitions() && out.size() < n; p++) {
      try (CloseableIterator<T> it = iterator(p)) {
        while (it.hasNext() && out.size() < n) {
          out.add(it.next());
        }
      }
    }
    return out;
  }

  /** A batch of one partition holding {@code elements}, sharing this batch's task runner. */
  public <R> Batch<R> newBatch(List<R> elements) {
    return ofPartitions(tasks, List.of(List.copyOf(elements)));
  }

  /** A batch over already materialised partitions (not copied; must not change afterwards). */
  public static <R> Batch<R> ofPartitions(TaskRunner tasks, List<? extends List<R>> partitions) {
    return new Materialized<>(tasks, partitions);
  }

  /** Whether every partition is held in memory (reading it computes nothing). */
  public boolean isMaterialized() {
    return false;
  }

  private static final class Materialized<R> extends Batch<R> {
    private final List<? extends List<R>> partitions;

    Materialized(TaskRunner tasks, List<? extends List<R>> partitions) {
      super(tasks);
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions.size();
    }

    @Override
    public CloseableIterator<R> iterator(int partition) {
      return CloseableIterator.of(partitions.get(partition));
    }

    @Override
    public boolean isMaterialized() {
      return true;
    }
  }

  /** A function of a partition index and its iterator, for {@link #mapPartitionsWithIndex}. */
  @FunctionalInterface
  public interface BiFunctionOfPartition<T, R> {
    CloseableIterator<R> apply(int partition, CloseableIterator<T> input);
  }
}

package io.tidemark.streaming.dstream;

import io.tidemark.streaming.Batch;
import io.tidemark.streaming.Time;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;

/**
 * {@code queueStream}, as Spark's {@code QueueInputDStream}: at every batch, the next list of
 * the queue (or all lists, when not one at a time) becomes the batch, one partition per list;
 * an empty queue gives the default batch, or an empty batch. Not re-readable: the data is gone
 * from the queue once allocated, so it is for tests and demos.
 */
public final class QueueInputNode<T> extends InputNode<T> {
  private final Queue<? extends List<T>> queue;
  private final boolean oneAtATime;
  private final List<T> defaultBatch;
  private final TreeMap<Time, List<List<T>>> allocated = new TreeMap<>();

  public QueueInputNode(DStreamGraph graph, Queue<? extends List<T>> queue, boolean oneAtATime, List<T> defaultBatch) {
    super(graph);
    this.queue = queue;
    this.oneAtATime = oneAtATime;
    this.defaultBatch = defaultBatch;
  }

  @Override
  public String kind() {
    return "queueStream";
  }

  @Override
  public boolean isReplayable() {
    return false;
  }

  @Override
  public long allocate(Time time) {
    List<List<T>> parts = new ArrayList<>();
    synchronized (queue) {
      if (oneAtATime) {
        List<T> next = queue.poll();
        if (next != null) {
          parts.add(List.copyOf(next));
        }
      } else {
        List<T> next;
        while ((next = queue.poll()) != null) {
          parts.add(List.copyOf(next));
        }
      }
    }
    if (parts.isEmpty() && defaultBatch != null) {
      parts.add(List.copyOf(defaultBatch));
    }
    synchronized (allocated) {
      allocated.put(time, parts);
    }
    return parts.stream().mapToLong(List::size).sum();
  }

  @Override
  protected Optional<Batch<T>> compute(Time time) {
    List<List<T>> parts;
    synchronized (allocated) {
      parts = allocated.get(time);
    }
    return Optional.of(Batch.ofPartitions(graph.env().tasks(), parts == null ? List.of() : parts));
  }

  @Override
  public synchronized void clearMetadata(Time time) {
    super.clearMetadata(time);
    synchronized (allocated) {
      allocated.headMap(time.minus(lineageDuration()), true).clear();
    }
  }
}

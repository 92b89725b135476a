package io.tidemark.streaming.dstream;

import io.tidemark.streaming.Batch;
import io.tidemark.streaming.Time;
import java.util.function.BiConsumer;

/**
 * An output operation: at every batch time of its stream, a job that computes the stream's
 * batch and hands it to {@code action}. Spark's {@code ForEachDStream}.
 *
 * @param node the stream written out
 * @param action what to do with each batch (may run its own parallel tasks)
 * @param name for logs, e.g. {@code saveAsTextFiles}
 */
public record OutputOperation<T>(StreamNode<T> node, BiConsumer<Batch<T>, Time> action, String name) {

  /** Runs the output for {@code time}; does nothing when the stream has no batch then. */
  public void run(Time time) {
    node.getOrCompute(time).ifPresent(batch -> action.accept(batch, time));
  }
}

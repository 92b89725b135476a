package io.tidemark.streaming;

/**
 * Receives the life-cycle events of a {@link StreamingContext}, as Spark's {@code
 * StreamingListener}. Called on the scheduler's threads, one event at a time per listener; a
 * listener must return quickly and must not call {@link StreamingContext#stop}. An exception
 * from a listener is logged and otherwise ignored.
 */
public interface StreamingListener {

  /** The context started; {@code startTime} is the first batch time. */
  default void onStreamingStarted(Time firstBatchTime) {}

  /** A batch's jobs were generated and queued. */
  default void onBatchSubmitted(Time batchTime, long numRecords) {}

  /** A batch's jobs all completed. */
  default void onBatchCompleted(BatchInfo info) {}

  /** A batch failed; the context stops with this error. */
  default void onBatchFailed(Time batchTime, Throwable error) {}
}

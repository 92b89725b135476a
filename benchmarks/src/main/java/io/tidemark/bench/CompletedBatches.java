package io.tidemark.bench;

import io.tidemark.streaming.BatchInfo;
import io.tidemark.streaming.StreamingListener;
import io.tidemark.streaming.Time;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A listener that remembers the first batch time and every completed batch, for benchmark jobs
 * that move a manual clock batch by batch and wait for each. Thread-safe.
 */
public final class CompletedBatches implements StreamingListener {
  private final ConcurrentHashMap<Long, BatchInfo> completed = new ConcurrentHashMap<>();
  private volatile Time first;

  @Override
  public void onStreamingStarted(Time firstBatchTime) {
    first = firstBatchTime;
  }

  @Override
  public void onBatchCompleted(BatchInfo info) {
    completed.put(info.batchTime().milliseconds(), info);
  }

  /** The first batch time of the started context, or null before it started. */
  public Time firstBatchTime() {
    return first;
  }

  /** The completed batch of {@code batchTimeMs}, or null if it has not completed. */
  public BatchInfo get(long batchTimeMs) {
    return completed.get(batchTimeMs);
  }
}

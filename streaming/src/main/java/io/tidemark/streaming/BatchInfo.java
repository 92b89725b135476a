package io.tidemark.streaming;

import java.util.Map;

/**
 * What happened in one batch, as Spark's {@code BatchInfo}. All times are milliseconds on the
 * batch clock. Immutable.
 *
 * @param batchTime the batch time
 * @param numRecords records the inputs delivered to the batch
 * @param submissionTime when the batch's jobs were generated and queued
 * @param processingStartTime when its first job started
 * @param processingEndTime when its last job ended
 * @param stateKeys exact number of keys in state per stateful operator uid, after the batch
 */
public record BatchInfo(
    Time batchTime,
    long numRecords,
    long submissionTime,
    long processingStartTime,
    long processingEndTime,
    Map<String, Long> stateKeys) {

  /** Time the batch waited before processing started: start − batch time, in ms. */
  public long schedulingDelay() {
    return Math.max(0, processingStartTime - batchTime.milliseconds());
  }

  /** Time spent processing the batch, in ms. */
  public long processingDelay() {
    return processingEndTime - processingStartTime;
  }

  /** Scheduling delay plus processing delay, in ms. */
  public long totalDelay() {
    return schedulingDelay() + processingDelay();
  }

  /** Keys in state over all stateful operators. */
  public long totalStateKeys() {
    return stateKeys.values().stream().mapToLong(Long::longValue).sum();
  }
}

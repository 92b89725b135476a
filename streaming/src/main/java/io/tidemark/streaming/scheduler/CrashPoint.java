package io.tidemark.streaming.scheduler;

/**
 * Named places in the life of a batch where a fault-injection test may crash the engine (see
 * {@link FaultInjection}). Production runs never arm them.
 */
public enum CrashPoint {
  /** The batch's input is allocated and logged; none of its jobs ran. */
  AFTER_ALLOCATION,
  /** Inside a task of a stateful operator, before its partition commits. */
  IN_TASK,
  /** A stateful operator's partition committed the batch; the batch has not completed. */
  AFTER_STATE_COMMIT,
  /** Every job of the batch ran; the metadata checkpoint of its completion is not written. */
  BEFORE_METADATA_CHECKPOINT,
  /** A data checkpoint is uploading: the first operator's files are up, the rest are not. */
  DURING_DATA_CHECKPOINT,
  /**
   * The batch's completion is handed to the metadata checkpoint writer (which may not have made
   * it durable yet); old batches and blocks are not cleaned up yet.
   */
  AFTER_CHECKPOINT_BEFORE_CLEANUP,
  /** A received block is in the receiver's WAL but not yet reported to the block tracker. */
  DURING_WAL_WRITE
}

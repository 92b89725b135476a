package io.tidemark.streaming.receiver;

import java.util.List;

/**
 * An event of the {@link ReceivedBlockTracker}'s log, written before the tracker changes its
 * memory (Spark's {@code ReceivedBlockTrackerLogEvent}), so that replaying the log rebuilds
 * exactly the same allocation of blocks to batches.
 */
public sealed interface TrackerEvent {

  /** A block was stored (in the WAL, when on) and may be allocated to the next batch. */
  record BlockAdded(ReceivedBlockInfo block) implements TrackerEvent {}

  /**
   * Every unallocated block listed was given to {@code batchTimeMs}.
   *
   * @param blocks (streamId, blockId) of each block, in allocation order
   */
  record BatchAllocated(long batchTimeMs, List<BlockRef> blocks) implements TrackerEvent {}

  /** The batches at or before {@code thresholdTimeMs} were processed and forgotten. */
  record BatchesCleanedUp(long thresholdTimeMs) implements TrackerEvent {}

  /** Names one block. */
  record BlockRef(int streamId, long blockId) {}
}

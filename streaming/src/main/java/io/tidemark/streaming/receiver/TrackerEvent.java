package io.tidemark.streaming.receiver;

import java.util.List;

/**
 * An event of the {@link ReceivedBlockTracker}'s log, written before the tracker changes its
 * memory (Spark's {@code ReceivedBlockTrackerLogEvent}), so that replaying the log rebuilds
 * exactly the same allocation of blocks to batches, the next block id of every stream and the
 * newest source position every receiver stored.
 */
public sealed interface TrackerEvent {

  /**
   * A block was stored (in the WAL, when on) and may be allocated to the next batch; with the
   * source position its receiver stored with it, if any (in the same event, so block and position
   * become durable together).
   */
  record BlockAdded(ReceivedBlockInfo block) implements TrackerEvent {}

  /**
   * Every unallocated block listed was given to {@code batchTimeMs}.
   *
   * @param blocks (streamId, blockId) of each block, in allocation order
   */
  record BatchAllocated(long batchTimeMs, List<BlockRef> blocks) implements TrackerEvent {}

  /** The batches at or before {@code thresholdTimeMs} were processed and forgotten. */
  record BatchesCleanedUp(long thresholdTimeMs) implements TrackerEvent {}

  /**
   * What every stream has reached, logged by a cleanup before it deletes old log segments, so
   * that the {@link BlockAdded} events it deletes take nothing with them that a restart needs.
   * Not in Spark, whose block ids are random and whose receivers have no stored positions.
   *
   * @param streams one entry per stream the tracker has seen, in stream id order
   */
  record StreamsProgressed(List<StreamProgress> streams) implements TrackerEvent {
    public StreamsProgressed {
      streams = List.copyOf(streams);
    }
  }

  /**
   * How far one stream got.
   *
   * @param streamId the receiver input stream
   * @param nextBlockId the id its next block takes (past every block ever added)
   * @param newestPosition the newest source position its receiver stored, or null if none
   */
  record StreamProgress(int streamId, long nextBlockId, StoredSourcePosition newestPosition) {}

  /**
   * Every batch allocated so far never ran: a restart found no metadata checkpoint (the process
   * died after the tracker logged an allocation and before the checkpoint recorded it, which
   * precedes every job), so no batch time will ever take those allocations again. Their blocks
   * return to the front of the unallocated queue, in batch order. Not in Spark.
   */
  record AllocationsRevoked() implements TrackerEvent {}

  /** Names one block. */
  record BlockRef(int streamId, long blockId) {}
}

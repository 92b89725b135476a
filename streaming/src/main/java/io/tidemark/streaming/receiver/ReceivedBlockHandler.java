package io.tidemark.streaming.receiver;

import java.util.List;

/**
 * Where a receiver's blocks are kept until their batch is processed (Spark's {@code
 * ReceivedBlockHandler}): in memory, or in a write-ahead log before they are reported.
 * Thread-safe.
 */
public interface ReceivedBlockHandler extends AutoCloseable {

  /**
   * Stores a block; returns only when it is kept as this handler promises (for the WAL: durable).
   *
   * @param timeMillis the time of storing, for cleanup
   */
  ReceivedBlock store(int streamId, long blockId, List<?> records, long timeMillis);

  /**
   * Whether stored blocks survive the process (the write-ahead log), so that a source position
   * stored with a block before a restart may be resumed from after it.
   */
  default boolean survivesRestart() {
    return false;
  }

  /** The records of a block, from memory or read back from the log. */
  List<?> read(ReceivedBlock block);

  /** Forgets blocks stored before {@code thresholdTimeMillis} that no batch needs any more. */
  void cleanupOldBlocks(long thresholdTimeMillis);

  @Override
  void close();
}

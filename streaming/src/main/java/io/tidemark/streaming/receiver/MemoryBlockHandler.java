package io.tidemark.streaming.receiver;

import java.util.List;

/**
 * Keeps blocks on the heap only: <b>a crash loses every block received but not yet
 * processed</b>, as Spark's receivers without a write-ahead log. Thread-safe (stateless).
 */
public final class MemoryBlockHandler implements ReceivedBlockHandler {

  @Override
  public ReceivedBlock store(int streamId, long blockId, List<?> records, long timeMillis) {
    return new ReceivedBlock(new ReceivedBlockInfo(streamId, blockId, records.size(), null), records, timeMillis);
  }

  @Override
  public List<?> read(ReceivedBlock block) {
    if (block.records() == null) {
      throw new IllegalStateException("block " + block.info().blockId() + " of stream " + block.info().streamId()
          + " has no records in memory and no write-ahead log");
    }
    return block.records();
  }

  @Override
  public void cleanupOldBlocks(long thresholdTimeMillis) {}

  @Override
  public void close() {}
}

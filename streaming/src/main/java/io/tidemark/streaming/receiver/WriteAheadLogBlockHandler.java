package io.tidemark.streaming.receiver;

import io.tidemark.state.serde.KryoSerde;
import io.tidemark.wal.RecordHandle;
import io.tidemark.wal.WriteAheadLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes every block to the receiver's write-ahead log ({@code <checkpoint>/receivers/<streamId>/})
 * before it is reported, as Spark's {@code WriteAheadLogBasedBlockHandler}: {@link #store}
 * returns once the block is durable under the log's policy, so a reliable receiver may then
 * acknowledge its source. A block's records are serialised with Kryo as an {@code ArrayList}
 * (record classes must be registered); they stay in memory for the normal path and are read
 * back from the log after a restart. Thread-safe.
 */
public final class WriteAheadLogBlockHandler implements ReceivedBlockHandler {
  private final WriteAheadLog log;
  private final KryoSerde serde;

  public WriteAheadLogBlockHandler(WriteAheadLog log, KryoSerde serde) {
    this.log = log;
    this.serde = serde;
  }

  @Override
  public ReceivedBlock store(int streamId, long blockId, List<?> records, long timeMillis) {
    byte[] bytes = serde.serialize(records instanceof ArrayList<?> ? records : new ArrayList<>(records));
    RecordHandle handle = log.write(ByteBuffer.wrap(bytes), timeMillis);
    return new ReceivedBlock(new ReceivedBlockInfo(streamId, blockId, records.size(), handle), records, timeMillis);
  }

  @Override
  public boolean survivesRestart() {
    return true;
  }

  @Override
  public List<?> read(ReceivedBlock block) {
    if (block.records() != null) {
      return block.records();
    }
    RecordHandle handle = block.info().walHandle();
    if (handle == null) {
      throw new IllegalStateException("block " + block.info() + " has no write-ahead log handle");
    }
    ByteBuffer buffer = log.read(handle);
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return (List<?>) serde.deserialize(bytes, ArrayList.class);
  }

  @Override
  public void cleanupOldBlocks(long thresholdTimeMillis) {
    log.clean(thresholdTimeMillis, false);
  }

  @Override
  public void close() {
    log.close();
  }
}

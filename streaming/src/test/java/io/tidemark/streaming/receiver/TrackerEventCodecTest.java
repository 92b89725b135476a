package io.tidemark.streaming.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.streaming.receiver.TrackerEvent.BatchAllocated;
import io.tidemark.streaming.receiver.TrackerEvent.BatchesCleanedUp;
import io.tidemark.streaming.receiver.TrackerEvent.BlockAdded;
import io.tidemark.streaming.receiver.TrackerEvent.BlockRef;
import io.tidemark.wal.RecordHandle;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackerEventCodecTest {

  @Test
  void everyEventRoundTrips() {
    List<TrackerEvent> events = List.of(
        new BlockAdded(new ReceivedBlockInfo(3, 42, 100, new RecordHandle("hdfs://nn/cp/receivers/3/log-1", 8, 4096))),
        new BlockAdded(new ReceivedBlockInfo(0, 0, 1, null)),
        new BatchAllocated(5000, List.of(new BlockRef(3, 42), new BlockRef(0, 0))),
        new BatchAllocated(6000, List.of()),
        new BatchesCleanedUp(4000));
    for (TrackerEvent e : events) {
      assertThat(TrackerEventCodec.decode(TrackerEventCodec.encode(e), "test")).isEqualTo(e);
    }
  }

  @Test
  void truncatedOrForeignBytesGiveAnErrorNamingThePlace() {
    ByteBuffer full = TrackerEventCodec.encode(new BatchAllocated(5000, List.of(new BlockRef(1, 2))));
    for (int cut = 0; cut < full.remaining(); cut++) {
      ByteBuffer truncated = full.duplicate();
      truncated.limit(cut);
      assertThatThrownBy(() -> TrackerEventCodec.decode(truncated, "log-7 event #3"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("log-7 event #3");
    }
    assertThatThrownBy(() -> TrackerEventCodec.decode(ByteBuffer.wrap(new byte[] {9, 1}), "x"))
        .hasMessageContaining("format version 9");
    assertThatThrownBy(() -> TrackerEventCodec.decode(ByteBuffer.wrap(new byte[] {1, 77}), "x"))
        .hasMessageContaining("unknown tag 77");
  }

  @Test
  void aHugeBlockCountIsRejectedBeforeAllocating() {
    ByteBuffer b = ByteBuffer.allocate(14);
    b.put((byte) 1).put((byte) 2).putLong(1000).putInt(Integer.MAX_VALUE).flip();
    assertThatThrownBy(() -> TrackerEventCodec.decode(b, "x")).hasMessageContaining("does not fit");
  }
}

package io.tidemark.streaming.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.streaming.receiver.TrackerEvent.BatchAllocated;
import io.tidemark.streaming.receiver.TrackerEvent.BatchesCleanedUp;
import io.tidemark.streaming.receiver.TrackerEvent.BlockAdded;
import io.tidemark.streaming.receiver.TrackerEvent.BlockRef;
import io.tidemark.streaming.receiver.TrackerEvent.StreamProgress;
import io.tidemark.streaming.receiver.TrackerEvent.StreamsProgressed;
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
        new BatchesCleanedUp(4000),
        new BlockAdded(new ReceivedBlockInfo(3, 43, 7, new RecordHandle("/cp/receivers/3/log-1", 9, 10), position(1234))),
        new BlockAdded(new ReceivedBlockInfo(1, 5, 0, null, new byte[0])),
        new BlockAdded(new ReceivedBlockInfo(1, 6, 1, null, new byte[StoredSourcePosition.MAX_BYTES])),
        new StreamsProgressed(List.of(
            new StreamProgress(0, 17, null),
            new StreamProgress(3, 44, new StoredSourcePosition(43, position(1234))))),
        new StreamsProgressed(List.of()),
        new TrackerEvent.AllocationsRevoked());
    for (TrackerEvent e : events) {
      assertThat(TrackerEventCodec.decode(TrackerEventCodec.encode(e), "test")).isEqualTo(e);
    }
  }

  private static byte[] position(long seq) {
    return ByteBuffer.allocate(8).putLong(seq).array();
  }

  @Test
  void truncatedOrForeignBytesGiveAnErrorNamingThePlace() {
    List<TrackerEvent> events = List.of(
        new BatchAllocated(5000, List.of(new BlockRef(1, 2))),
        new BlockAdded(new ReceivedBlockInfo(3, 43, 7, new RecordHandle("/cp/receivers/3/log-1", 9, 10), position(99))),
        new StreamsProgressed(List.of(new StreamProgress(3, 44, new StoredSourcePosition(43, position(99))))));
    for (TrackerEvent event : events) {
      ByteBuffer full = TrackerEventCodec.encode(event);
      for (int cut = 0; cut < full.remaining(); cut++) {
        ByteBuffer truncated = full.duplicate();
        truncated.limit(cut);
        assertThatThrownBy(() -> TrackerEventCodec.decode(truncated, "log-7 event #3"))
            .as("%s cut at %d", event, cut)
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("log-7 event #3");
      }
      ByteBuffer longer = ByteBuffer.allocate(full.remaining() + 1).put(full.duplicate()).put((byte) 0).flip();
      assertThatThrownBy(() -> TrackerEventCodec.decode(longer, "log-7 event #4"))
          .hasMessageContaining("log-7 event #4").hasMessageContaining("1 bytes after its fields");
    }
    assertThatThrownBy(() -> TrackerEventCodec.decode(ByteBuffer.wrap(new byte[] {9, 1}), "x"))
        .hasMessageContaining("format version 9");
    assertThatThrownBy(() -> TrackerEventCodec.decode(ByteBuffer.wrap(new byte[] {2, 77}), "x"))
        .hasMessageContaining("unknown tag 77");
    // Version 1 had no StreamsProgressed.
    assertThatThrownBy(() -> TrackerEventCodec.decode(ByteBuffer.wrap(new byte[] {1, 4, 0, 0, 0, 0}), "x"))
        .hasMessageContaining("unknown in format version 1");
  }

  @Test
  void versionOneEventsWithoutPositionsAreStillRead() {
    ByteBuffer v1 = ByteBuffer.allocate(1 + 1 + 4 + 8 + 4 + 1);
    v1.put((byte) 1).put((byte) 1).putInt(2).putLong(7).putInt(30).put((byte) 0).flip();
    assertThat(TrackerEventCodec.decode(v1, "x")).isEqualTo(new BlockAdded(new ReceivedBlockInfo(2, 7, 30, null)));
  }

  @Test
  void anOverlongPositionIsRejectedWhenStoredAndWhenRead() {
    assertThatThrownBy(() -> new ReceivedBlockInfo(0, 0, 1, null, new byte[StoredSourcePosition.MAX_BYTES + 1]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 4096 bytes");
    // BlockAdded without handle whose position claims 65535 bytes.
    ByteBuffer b = ByteBuffer.allocate(64);
    b.put((byte) 2).put((byte) 1).putInt(0).putLong(0).putInt(1).put((byte) 0).put((byte) 1).putShort((short) -1).flip();
    assertThatThrownBy(() -> TrackerEventCodec.decode(b, "tracker/log-3 event #12"))
        .hasMessageContaining("tracker/log-3 event #12").hasMessageContaining("source position length 65535");
  }

  @Test
  void aHugeStreamCountIsRejectedBeforeAllocating() {
    ByteBuffer b = ByteBuffer.allocate(6);
    b.put((byte) 2).put((byte) 4).putInt(Integer.MAX_VALUE).flip();
    assertThatThrownBy(() -> TrackerEventCodec.decode(b, "x")).hasMessageContaining("does not fit");
  }

  @Test
  void aHugeBlockCountIsRejectedBeforeAllocating() {
    ByteBuffer b = ByteBuffer.allocate(14);
    b.put((byte) 1).put((byte) 2).putLong(1000).putInt(Integer.MAX_VALUE).flip();
    assertThatThrownBy(() -> TrackerEventCodec.decode(b, "x")).hasMessageContaining("does not fit");
  }
}

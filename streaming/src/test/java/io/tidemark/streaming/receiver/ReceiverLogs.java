package io.tidemark.streaming.receiver;

import io.tidemark.state.serde.KryoRegistry;
import io.tidemark.state.serde.KryoSerde;
import io.tidemark.streaming.Time;
import io.tidemark.wal.WalOptions;
import io.tidemark.wal.fs.SegmentedFileLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Reads what a checkpoint directory's tracker log and receiver WAL hold, as a restarted job
 * would: every tracked block of a stream (allocated batches first, then unallocated), in order,
 * with its records read back through the block's WAL handle.
 */
final class ReceiverLogs {
  private ReceiverLogs() {}

  static List<Object> trackedRecords(String checkpointDir, int streamId) {
    Configuration conf = new Configuration();
    KryoSerde serde = new KryoSerde(KryoRegistry.builder().build());
    List<Object> records = new ArrayList<>();
    try (ReceivedBlockTracker tracker = ReceivedBlockTracker.recover(
            SegmentedFileLog.open(new Path(checkpointDir, "tracker"), conf, WalOptions.defaults()));
        WriteAheadLogBlockHandler blocks = new WriteAheadLogBlockHandler(
            SegmentedFileLog.open(new Path(checkpointDir, "receivers/" + streamId), conf, WalOptions.defaults()), serde)) {
      List<ReceivedBlock> tracked = new ArrayList<>();
      for (Map.Entry<Time, Map<Integer, List<ReceivedBlock>>> batch : tracker.allocatedBatches().entrySet()) {
        tracked.addAll(batch.getValue().getOrDefault(streamId, List.of()));
      }
      tracked.addAll(tracker.unallocatedBlocks(streamId));
      for (ReceivedBlock b : tracked) {
        records.addAll(blocks.read(b));
      }
    }
    return records;
  }
}

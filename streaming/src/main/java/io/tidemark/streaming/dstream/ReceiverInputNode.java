package io.tidemark.streaming.dstream;

import io.tidemark.streaming.Batch;
import io.tidemark.streaming.TidemarkConf;
import io.tidemark.streaming.Time;
import io.tidemark.streaming.receiver.MemoryBlockHandler;
import io.tidemark.streaming.receiver.ReceivedBlock;
import io.tidemark.streaming.receiver.ReceivedBlockHandler;
import io.tidemark.streaming.receiver.Receiver;
import io.tidemark.streaming.receiver.ReceiverSupervisor;
import io.tidemark.streaming.receiver.WriteAheadLogBlockHandler;
import io.tidemark.wal.fs.SegmentedFileLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;

/**
 * An input fed by a {@link Receiver}: at every batch time, every block the receiver stored
 * since the previous batch becomes one partition (Spark's {@code ReceiverInputDStream}). With
 * {@value TidemarkConf#RECEIVER_WAL_ENABLE}, blocks go through the write-ahead log in
 * {@code <checkpoint>/receivers/<streamId>/} before they are reported.
 */
public final class ReceiverInputNode<T> extends InputNode<T> {
  private final Receiver<T> receiver;
  private ReceiverSupervisor<T> supervisor;
  private ReceivedBlockHandler handler;

  public ReceiverInputNode(DStreamGraph graph, Receiver<T> receiver) {
    super(graph);
    this.receiver = receiver;
  }

  @Override
  public String kind() {
    return "receiver";
  }

  @Override
  public void start() {
    ExecutionEnvironment env = graph.env();
    TidemarkConf conf = env.conf();
    if (conf.receiverWalEnabled()) {
      Path dir = new Path(env.checkpointDir(), "receivers/" + id());
      handler = new WriteAheadLogBlockHandler(SegmentedFileLog.open(dir, env.hadoopConf().get(), conf.walOptions()), env.serde());
    } else {
      handler = new MemoryBlockHandler();
    }
    Duration blockInterval = conf.getDuration(TidemarkConf.BLOCK_INTERVAL, Duration.ofMillis(200));
    Duration restartDelay = conf.getDuration(TidemarkConf.RECEIVER_RESTART_DELAY, Duration.ofSeconds(2));
    long maxRate = conf.getInt(TidemarkConf.RECEIVER_MAX_RATE, 0);
    supervisor = new ReceiverSupervisor<>(receiver, id(), env.blockTracker(), handler, env.clock(),
        blockInterval, restartDelay, maxRate);
    supervisor.start();
  }

  @Override
  public long allocate(Time time) {
    long n = 0;
    for (ReceivedBlock b : graph.env().blockTracker().blocksOf(time, id())) {
      n += b.info().numRecords();
    }
    return n;
  }

  @Override
  @SuppressWarnings("unchecked")
  protected Optional<Batch<T>> compute(Time time) {
    List<List<T>> parts = new ArrayList<>();
    for (ReceivedBlock b : graph.env().blockTracker().blocksOf(time, id())) {
      parts.add((List<T>) handler.read(b));
    }
    return Optional.of(Batch.ofPartitions(graph.env().tasks(), parts));
  }

  @Override
  public void stopReceiving() {
    if (supervisor != null) {
      supervisor.stop();
    }
  }

  @Override
  public boolean hasUnallocatedData() {
    return !graph.env().blockTracker().unallocatedBlocks(id()).isEmpty();
  }

  @Override
  public synchronized void clearMetadata(Time time) {
    super.clearMetadata(time);
    if (handler != null) {
      Time threshold = time.minus(lineageDuration());
      Time horizon = graph.retentionHorizon();
      handler.cleanupOldBlocks((horizon != null && horizon.isBefore(threshold) ? horizon : threshold).milliseconds());
    }
  }

  @Override
  public synchronized void stop() {
    stopReceiving();
    super.stop();
    if (handler != null) {
      handler.close();
    }
  }
}

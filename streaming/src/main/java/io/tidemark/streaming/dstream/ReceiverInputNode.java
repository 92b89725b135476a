package io.tidemark.streaming.dstream;

import io.tidemark.streaming.Batch;
import io.tidemark.streaming.TidemarkConf;
import io.tidemark.streaming.Time;
import io.tidemark.streaming.receiver.ReceivedBlock;
import io.tidemark.streaming.receiver.ReceivedBlockTracker;
import io.tidemark.streaming.receiver.Receiver;
import io.tidemark.streaming.receiver.ReceiverSupervisor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An input fed by a {@link Receiver}: at every batch time, every block received since the
 * previous batch becomes one partition. Spark's {@code ReceiverInputDStream}.
 */
public final class ReceiverInputNode<T> extends InputNode<T> {
  private final Receiver<T> receiver;
  private final ReceivedBlockTracker<T> tracker = new ReceivedBlockTracker<>();
  private ReceiverSupervisor<T> supervisor;

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
    TidemarkConf conf = graph.env().conf();
    Duration blockInterval = conf.getDuration(TidemarkConf.BLOCK_INTERVAL, Duration.ofMillis(200));
    Duration restartDelay = conf.getDuration("tidemark.streaming.receiverRestartDelay", Duration.ofSeconds(2));
    supervisor = new ReceiverSupervisor<>(receiver, id(), tracker, blockInterval, restartDelay);
    supervisor.start();
  }

  @Override
  public long allocate(Time time) {
    return tracker.allocateBlocksToBatch(time).stream().mapToLong(b -> b.records().size()).sum();
  }

  @Override
  protected Optional<Batch<T>> compute(Time time) {
    List<List<T>> parts = new ArrayList<>();
    for (ReceivedBlock<T> b : tracker.blocksOf(time)) {
      parts.add(b.records());
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
    return tracker.hasUnallocatedBlocks();
  }

  @Override
  public synchronized void clearMetadata(Time time) {
    super.clearMetadata(time);
    tracker.cleanupOldBatches(time.minus(rememberDuration()));
  }

  @Override
  public synchronized void stop() {
    stopReceiving();
    super.stop();
  }
}

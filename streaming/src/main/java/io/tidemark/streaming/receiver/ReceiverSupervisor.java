package io.tidemark.streaming.receiver;

import io.tidemark.streaming.scheduler.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Receiver}, as Spark's {@code ReceiverSupervisor}: starts it; cuts its single
 * records into blocks with a {@link BlockGenerator}; stores every block through the
 * {@link ReceivedBlockHandler} (the write-ahead log, when on) and only then reports it to the
 * {@link ReceivedBlockTracker}; limits it to {@code maxRate} records/s; restarts it after
 * {@code restartDelay} when it asks to or when {@code onStart} throws; stops it. Thread-safe.
 *
 * <p>Source positions: a block stored with a position ({@link Receiver#store(List, byte[])})
 * reaches the tracker with it in one event, and {@link #storedSourcePosition()} reads it back. A
 * receiver's stop waits for its in-flight positioned stores and refuses later ones, so that a
 * receiver (re)started afterwards — after a restart it asked for, or in a new process — sees in
 * {@code onStart} the position of every block that will ever be stored for it.
 */
public final class ReceiverSupervisor<T> {
  private static final Logger LOG = LoggerFactory.getLogger(ReceiverSupervisor.class);
  private final Receiver<T> receiver;
  private final int streamId;
  private final ReceivedBlockTracker tracker;
  private final ReceivedBlockHandler handler;
  private final BlockGenerator<T> blockGenerator;
  private final RateLimiter rateLimiter;
  private final Clock clock;
  private final Duration restartDelay;
  private final ScheduledExecutorService control;
  private final AtomicLong nextBlockId;
  /** The first block id of this supervisor: blocks below it were stored by an earlier process. */
  private final long firstBlockId;
  /** Held shared by positioned stores, exclusively while the receiver is being stopped. */
  private final ReadWriteLock storeLock = new ReentrantReadWriteLock();
  private volatile boolean receiverStarted;
  private volatile boolean stopped;
  private volatile Throwable lastError;

  /**
   * @param maxRate records per second, or 0 for no limit
   */
  public ReceiverSupervisor(Receiver<T> receiver, int streamId, ReceivedBlockTracker tracker,
      ReceivedBlockHandler handler, Clock clock, Duration blockInterval, Duration restartDelay, long maxRate) {
    this.receiver = receiver;
    this.streamId = streamId;
    this.tracker = tracker;
    this.handler = handler;
    this.clock = clock;
    this.restartDelay = restartDelay;
    this.rateLimiter = maxRate > 0 ? new RateLimiter(maxRate) : null;
    this.firstBlockId = tracker.nextBlockId(streamId);
    this.nextBlockId = new AtomicLong(firstBlockId);
    this.blockGenerator = new BlockGenerator<>(blockInterval, this::pushBlock, "stream-" + streamId);
    this.control = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tidemark-receiver-supervisor-" + streamId);
      t.setDaemon(true);
      return t;
    });
    receiver.attach(this);
  }

  /** Starts the block generator and the receiver. */
  public void start() {
    blockGenerator.start();
    control.execute(this::startReceiver);
  }

  private void startReceiver() {
    if (stopped) {
      return;
    }
    try {
      receiverStarted = true;
      receiver.onStart();
      LOG.info("receiver of stream {} started", streamId);
    } catch (RuntimeException e) {
      restartReceiver("onStart failed", e);
    }
  }

  /**
   * The newest source position stored for this stream, for {@link Receiver#storedSourcePosition()}:
   * with a handler whose blocks survive restarts (the WAL), the tracker's, including positions
   * stored before a restart; otherwise only positions stored by this process (blocks of an
   * earlier process were lost with it, so resuming after their positions would lose records).
   */
  Optional<byte[]> storedSourcePosition() {
    return tracker.newestSourcePosition(streamId)
        .filter(p -> handler.survivesRestart() || p.blockId() >= firstBlockId)
        .map(StoredSourcePosition::position);
  }

  void pushSingle(T record) {
    throttle(1);
    blockGenerator.add(record);
  }

  /** Stores a block and reports it; returns when both are done (durably, with the WAL). */
  void pushBlock(List<T> records) {
    if (records.isEmpty()) {
      return;
    }
    throttle(records.size());
    storeAndReport(records, null);
  }

  /**
   * Stores a block with the source position after its last record and reports both in one
   * tracker event; returns when that event is durable (with a log). An empty block still records
   * the position.
   *
   * @throws IllegalStateException if the receiver is stopped (its source may already be read by
   *     a newer start that must not see the position move afterwards)
   */
  void pushBlock(List<T> records, byte[] sourcePosition) {
    throttle(records.size());
    storeLock.readLock().lock();
    try {
      if (!isReceiverStarted()) {
        throw new IllegalStateException("the receiver of stream " + streamId
            + " is stopped: a block with a source position can no longer be stored");
      }
      storeAndReport(records, sourcePosition);
    } finally {
      storeLock.readLock().unlock();
    }
  }

  private void storeAndReport(List<T> records, byte[] sourcePosition) {
    ReceivedBlock block = handler.store(streamId, nextBlockId.getAndIncrement(), records, clock.getTimeMillis());
    if (sourcePosition != null) {
      block = new ReceivedBlock(block.info().withSourcePosition(sourcePosition), block.records(), block.storedAtMs());
    }
    io.tidemark.streaming.scheduler.FaultInjection.reached(io.tidemark.streaming.scheduler.CrashPoint.DURING_WAL_WRITE);
    tracker.addBlock(block);
  }

  private void throttle(int records) {
    if (rateLimiter != null) {
      try {
        rateLimiter.acquire(records);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the receiver's rate limit", e);
      }
    }
  }

  boolean isReceiverStarted() {
    return receiverStarted && !stopped;
  }

  /** The last error the receiver reported, if any. */
  public Throwable lastError() {
    return lastError;
  }

  void reportError(String message, Throwable error) {
    lastError = error;
    LOG.warn("receiver of stream {} reported an error: {}", streamId, message, error);
  }

  void restartReceiver(String message, Throwable error) {
    if (error != null) {
      lastError = error;
    }
    LOG.warn("restarting the receiver of stream {} in {} ms: {}", streamId, restartDelay.toMillis(), message, error);
    control.execute(() -> {
      stopReceiverOnly(message);
      if (!stopped) {
        control.schedule(this::startReceiver, restartDelay.toMillis(), TimeUnit.MILLISECONDS);
      }
    });
  }

  void stopReceiver(String message, Throwable error) {
    control.execute(() -> stopReceiverOnly(message));
  }

  private void stopReceiverOnly(String message) {
    if (!receiverStarted) {
      return;
    }
    storeLock.writeLock().lock(); // waits for positioned stores in flight
    try {
      receiverStarted = false;
    } finally {
      storeLock.writeLock().unlock();
    }
    try {
      receiver.onStop();
    } catch (RuntimeException e) {
      LOG.warn("onStop of the receiver of stream {} failed", streamId, e);
    }
    LOG.info("receiver of stream {} stopped: {}", streamId, message);
  }

  /** Stops the receiver and cuts the last block; afterwards no more blocks arrive. Idempotent. */
  public void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    control.execute(() -> stopReceiverOnly("stopped by the StreamingContext"));
    control.shutdown();
    try {
      control.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    blockGenerator.stop();
  }
}

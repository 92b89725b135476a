package io.tidemark.streaming.receiver;

import io.tidemark.streaming.Time;
import io.tidemark.streaming.receiver.TrackerEvent.AllocationsRevoked;
import io.tidemark.streaming.receiver.TrackerEvent.BatchAllocated;
import io.tidemark.streaming.receiver.TrackerEvent.BatchesCleanedUp;
import io.tidemark.streaming.receiver.TrackerEvent.BlockAdded;
import io.tidemark.streaming.receiver.TrackerEvent.BlockRef;
import io.tidemark.streaming.receiver.TrackerEvent.StreamProgress;
import io.tidemark.streaming.receiver.TrackerEvent.StreamsProgressed;
import io.tidemark.wal.CloseableIterator;
import io.tidemark.wal.WriteAheadLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the blocks receivers stored until a batch takes them, and which batch took which, as
 * Spark's {@code ReceivedBlockTracker}: {@link #addBlock} queues a block;
 * {@link #allocateBlocksToBatch} gives every queued block to one batch time.
 *
 * <p>With a log (in {@code <checkpoint>/tracker/}), every change is first written to the log as
 * a {@link TrackerEvent} — durably, before memory changes and before {@code addBlock} returns —
 * and a tracker opened on the same log replays it, so after a restart every block is either
 * allocated to exactly the batch it was allocated to before, or still unallocated. Without a
 * log everything lives in memory and is lost with the process.
 *
 * <p>It also keeps, per stream, the id the next block takes and the newest source position a
 * receiver stored with a block ({@link Receiver#store(List, byte[])}); both come back after a
 * restart, also once {@link #cleanupOldBatches} has deleted the log segments that held the
 * blocks' events (a cleanup first logs a {@link StreamsProgressed} event). Block ids are thus
 * never reused, and a receiver can resume its source right after what it stored.
 *
 * <p>Thread-safe: receivers add blocks from their threads while the JobGenerator allocates; one
 * lock orders log and memory identically.
 */
public final class ReceivedBlockTracker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReceivedBlockTracker.class);
  private final WriteAheadLog log;
  private final Map<Integer, List<ReceivedBlock>> unallocated = new LinkedHashMap<>();
  private final TreeMap<Time, Map<Integer, List<ReceivedBlock>>> allocated = new TreeMap<>();
  private final Map<Integer, Long> nextBlockId = new HashMap<>();
  private final Map<Integer, StoredSourcePosition> newestPosition = new HashMap<>();
  /**
   * While replaying: blocks a batch was allocated whose BlockAdded event is gone because a
   * cleanup deleted its segment. Fine if a later logged cleanup forgot that batch too (the
   * segment that held the allocation simply outlived the one that held the block); an error if
   * the batch is still remembered at the end of the log.
   */
  private final TreeMap<Time, List<BlockRef>> missingDuringReplay = new TreeMap<>();

  private ReceivedBlockTracker(WriteAheadLog log) {
    this.log = log;
  }

  /** A tracker that keeps everything in memory. */
  public static ReceivedBlockTracker inMemory() {
    return new ReceivedBlockTracker(null);
  }

  /**
   * A tracker that logs every change to {@code log} and first replays what the log holds.
   *
   * @throws IllegalArgumentException if an event in the log cannot be decoded (the message
   *     names its place)
   */
  public static ReceivedBlockTracker recover(WriteAheadLog log) {
    ReceivedBlockTracker tracker = new ReceivedBlockTracker(log);
    int events = 0;
    try (CloseableIterator<ByteBuffer> it = log.readAll()) {
      while (it.hasNext()) {
        tracker.apply(TrackerEventCodec.decode(it.next(), log + " event #" + events));
        events++;
      }
    }
    if (!tracker.missingDuringReplay.isEmpty()) {
      Map.Entry<Time, List<BlockRef>> first = tracker.missingDuringReplay.firstEntry();
      throw new IllegalArgumentException("tracker log " + log + " allocates blocks " + first.getValue()
          + " to batch " + first.getKey().milliseconds() + " but no such blocks were added");
    }
    if (events > 0) {
      LOG.info("recovered the received block tracker from {} events: {} unallocated blocks, {} allocated batches",
          events, tracker.unallocatedBlockCount(), tracker.allocated.size());
    }
    return tracker;
  }

  private void apply(TrackerEvent event) {
    if (event instanceof BlockAdded added) {
      ReceivedBlockInfo info = added.block();
      remember(new ReceivedBlock(info, null, 0L));
    } else if (event instanceof BatchAllocated alloc) {
      Map<Integer, List<ReceivedBlock>> batch = new LinkedHashMap<>();
      for (BlockRef ref : alloc.blocks()) {
        List<ReceivedBlock> queue = unallocated.getOrDefault(ref.streamId(), List.of());
        ReceivedBlock found = null;
        for (ReceivedBlock b : queue) {
          if (b.info().blockId() == ref.blockId()) {
            found = b;
            break;
          }
        }
        if (found == null) {
          if (log == null) {
            throw new IllegalStateException("allocating unknown block " + ref); // cannot happen in memory
          }
          missingDuringReplay.computeIfAbsent(new Time(alloc.batchTimeMs()), t -> new ArrayList<>()).add(ref);
          continue;
        }
        queue.remove(found);
        batch.computeIfAbsent(ref.streamId(), s -> new ArrayList<>()).add(found);
      }
      allocated.put(new Time(alloc.batchTimeMs()), batch);
    } else if (event instanceof BatchesCleanedUp clean) {
      allocated.headMap(new Time(clean.thresholdTimeMs()), true).clear();
      missingDuringReplay.headMap(new Time(clean.thresholdTimeMs()), true).clear();
    } else if (event instanceof AllocationsRevoked) {
      Map<Integer, List<ReceivedBlock>> returned = new LinkedHashMap<>();
      for (Map<Integer, List<ReceivedBlock>> batch : allocated.values()) {
        batch.forEach((stream, blocks) -> returned.computeIfAbsent(stream, s -> new ArrayList<>()).addAll(blocks));
      }
      returned.forEach((stream, blocks) -> {
        List<ReceivedBlock> queue = unallocated.computeIfAbsent(stream, s -> new ArrayList<>());
        queue.addAll(0, blocks);
      });
      allocated.clear();
      missingDuringReplay.clear();
    } else if (event instanceof StreamsProgressed progressed) {
      for (StreamProgress p : progressed.streams()) {
        nextBlockId.merge(p.streamId(), p.nextBlockId(), Math::max);
        if (p.newestPosition() != null) {
          newestPosition.merge(p.streamId(), p.newestPosition(), StoredSourcePosition::newer);
        }
      }
    }
  }

  /** Queues a block and advances its stream's next block id and newest position. */
  private void remember(ReceivedBlock block) {
    ReceivedBlockInfo info = block.info();
    unallocated.computeIfAbsent(info.streamId(), s -> new ArrayList<>()).add(block);
    nextBlockId.merge(info.streamId(), info.blockId() + 1, Math::max);
    StoredSourcePosition position = info.storedSourcePosition();
    if (position != null) {
      newestPosition.merge(info.streamId(), position, StoredSourcePosition::newer);
    }
  }

  private void logThenApply(TrackerEvent event, long timeMillis) {
    if (log != null) {
      log.write(TrackerEventCodec.encode(event), timeMillis);
    }
    apply(event);
  }

  /** The id the next block of {@code streamId} must take (past every block ever logged). */
  public synchronized long nextBlockId(int streamId) {
    return nextBlockId.getOrDefault(streamId, 0L);
  }

  /**
   * The source position stored with the newest block (highest block id) of {@code streamId}
   * that carried one, as known to this tracker: with a log, also the positions of blocks added
   * before a restart, whether or not their batches were since processed and cleaned up.
   */
  public synchronized Optional<StoredSourcePosition> newestSourcePosition(int streamId) {
    return Optional.ofNullable(newestPosition.get(streamId));
  }

  /**
   * Queues a stored block for the next batch; with a log, returns only once the event — with the
   * block's source position, if any — is durable.
   *
   * @param block the block, with its records in memory and the time it was stored
   */
  public synchronized void addBlock(ReceivedBlock block) {
    long timeMillis = block.storedAtMs();
    ReceivedBlockInfo info = block.info();
    if (log != null) {
      log.write(TrackerEventCodec.encode(new BlockAdded(info)), timeMillis);
    }
    remember(block);
  }

  /** Gives every queued block to {@code time}; returns them by stream. Idempotent per time. */
  public synchronized Map<Integer, List<ReceivedBlock>> allocateBlocksToBatch(Time time) {
    Map<Integer, List<ReceivedBlock>> existing = allocated.get(time);
    if (existing != null) {
      return Collections.unmodifiableMap(existing);
    }
    List<BlockRef> refs = new ArrayList<>();
    for (List<ReceivedBlock> queue : unallocated.values()) {
      for (ReceivedBlock b : queue) {
        refs.add(new BlockRef(b.info().streamId(), b.info().blockId()));
      }
    }
    logThenApply(new BatchAllocated(time.milliseconds(), refs), time.milliseconds());
    return Collections.unmodifiableMap(allocated.get(time));
  }

  /**
   * Returns the blocks of every allocated batch to the front of the unallocated queue (logged
   * first), for a start that found no metadata checkpoint: no job ever ran for those batches
   * (a batch's allocation is checkpointed before its jobs) and the new job's batch times will
   * not take them again, so without this their blocks — whose positions the receiver already
   * stored — would never be processed.
   */
  public synchronized void revokeAllocations() {
    if (allocated.isEmpty()) {
      return;
    }
    LOG.info("no metadata checkpoint: the blocks of {} allocated batches (never run) are unallocated again",
        allocated.size());
    logThenApply(new AllocationsRevoked(), allocated.lastKey().milliseconds());
  }

  /** The blocks of stream {@code streamId} allocated to {@code time} (empty if none or forgotten). */
  public synchronized List<ReceivedBlock> blocksOf(Time time, int streamId) {
    Map<Integer, List<ReceivedBlock>> batch = allocated.get(time);
    return batch == null ? List.of() : List.copyOf(batch.getOrDefault(streamId, List.of()));
  }

  /** Batch times with allocated blocks not yet cleaned up, in order. */
  public synchronized SortedMap<Time, Map<Integer, List<ReceivedBlock>>> allocatedBatches() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(allocated));
  }

  /** Unallocated blocks of {@code streamId}, in arrival order. */
  public synchronized List<ReceivedBlock> unallocatedBlocks(int streamId) {
    return List.copyOf(unallocated.getOrDefault(streamId, List.of()));
  }

  /** Whether blocks wait for a batch. */
  public synchronized boolean hasUnallocatedBlocks() {
    return unallocatedBlockCount() > 0;
  }

  private int unallocatedBlockCount() {
    int n = 0;
    for (List<ReceivedBlock> q : unallocated.values()) {
      n += q.size();
    }
    return n;
  }

  /**
   * Forgets the batches at or before {@code threshold} (logged first) and deletes log segments
   * whose events are all older than it. Before it deletes anything, it logs every stream's next
   * block id and newest source position ({@link StreamsProgressed}, with time {@code threshold},
   * so it lands in a segment this cleanup keeps): the deleted {@link BlockAdded} events were
   * their only record.
   */
  public synchronized void cleanupOldBatches(Time threshold) {
    if (allocated.isEmpty() || allocated.firstKey().isAfter(threshold)) {
      return;
    }
    logThenApply(progress(), threshold.milliseconds());
    logThenApply(new BatchesCleanedUp(threshold.milliseconds()), threshold.milliseconds());
    if (log != null) {
      // The BlockAdded event of every block still unallocated or in a remembered batch must
      // survive, so only segments older than the oldest such block go.
      log.clean(Math.min(threshold.milliseconds(), oldestLiveBlockTime()), false);
    }
  }

  private StreamsProgressed progress() {
    List<StreamProgress> streams = new ArrayList<>();
    for (int streamId : new TreeMap<>(nextBlockId).keySet()) {
      streams.add(new StreamProgress(streamId, nextBlockId.get(streamId), newestPosition.get(streamId)));
    }
    return new StreamsProgressed(streams);
  }

  private long oldestLiveBlockTime() {
    long oldest = Long.MAX_VALUE;
    for (List<ReceivedBlock> q : unallocated.values()) {
      for (ReceivedBlock b : q) {
        oldest = Math.min(oldest, b.storedAtMs());
      }
    }
    for (Map<Integer, List<ReceivedBlock>> batch : allocated.values()) {
      for (List<ReceivedBlock> q : batch.values()) {
        for (ReceivedBlock b : q) {
          oldest = Math.min(oldest, b.storedAtMs());
        }
      }
    }
    return oldest;
  }

  @Override
  public synchronized void close() {
    if (log != null) {
      log.close();
    }
  }
}

package io.tidemark.streaming.receiver;

import io.tidemark.streaming.Time;
import io.tidemark.streaming.receiver.TrackerEvent.BatchAllocated;
import io.tidemark.streaming.receiver.TrackerEvent.BatchesCleanedUp;
import io.tidemark.streaming.receiver.TrackerEvent.BlockAdded;
import io.tidemark.streaming.receiver.TrackerEvent.BlockRef;
import io.tidemark.wal.CloseableIterator;
import io.tidemark.wal.WriteAheadLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Thread-safe: receivers add blocks from their threads while the JobGenerator allocates; one
 * lock orders log and memory identically.
 */
public final class ReceivedBlockTracker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReceivedBlockTracker.class);
  private final WriteAheadLog log;
  private final Map<Integer, List<ReceivedBlock>> unallocated = new LinkedHashMap<>();
  private final TreeMap<Time, Map<Integer, List<ReceivedBlock>>> allocated = new TreeMap<>();
  private final Map<Integer, Long> nextBlockId = new HashMap<>();

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
    if (events > 0) {
      LOG.info("recovered the received block tracker from {} events: {} unallocated blocks, {} allocated batches",
          events, tracker.unallocatedBlockCount(), tracker.allocated.size());
    }
    return tracker;
  }

  private void apply(TrackerEvent event) {
    if (event instanceof BlockAdded added) {
      ReceivedBlockInfo info = added.block();
      unallocated.computeIfAbsent(info.streamId(), s -> new ArrayList<>()).add(new ReceivedBlock(info, null, 0L));
      nextBlockId.merge(info.streamId(), info.blockId() + 1, Math::max);
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
          throw new IllegalArgumentException("tracker log " + log + " allocates block " + ref
              + " to batch " + alloc.batchTimeMs() + " but no such block was added");
        }
        queue.remove(found);
        batch.computeIfAbsent(ref.streamId(), s -> new ArrayList<>()).add(found);
      }
      allocated.put(new Time(alloc.batchTimeMs()), batch);
    } else if (event instanceof BatchesCleanedUp clean) {
      allocated.headMap(new Time(clean.thresholdTimeMs()), true).clear();
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
   * Queues a stored block for the next batch; with a log, returns only once the event is
   * durable.
   *
   * @param block the block, with its records in memory and the time it was stored
   */
  public synchronized void addBlock(ReceivedBlock block) {
    long timeMillis = block.storedAtMs();
    ReceivedBlockInfo info = block.info();
    if (log != null) {
      log.write(TrackerEventCodec.encode(new BlockAdded(info)), timeMillis);
    }
    unallocated.computeIfAbsent(info.streamId(), s -> new ArrayList<>()).add(block);
    nextBlockId.merge(info.streamId(), info.blockId() + 1, Math::max);
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
   * whose events are all older than it.
   */
  public synchronized void cleanupOldBatches(Time threshold) {
    if (allocated.isEmpty() || allocated.firstKey().isAfter(threshold)) {
      return;
    }
    logThenApply(new BatchesCleanedUp(threshold.milliseconds()), threshold.milliseconds());
    if (log != null) {
      // The BlockAdded event of every block still unallocated or in a remembered batch must
      // survive, so only segments older than the oldest such block go.
      log.clean(Math.min(threshold.milliseconds(), oldestLiveBlockTime()), false);
    }
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

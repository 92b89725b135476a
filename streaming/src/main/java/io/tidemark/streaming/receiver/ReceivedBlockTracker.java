package io.tidemark.streaming.receiver;

import io.tidemark.streaming.Time;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps the blocks a receiver stored until a batch takes them, as Spark's {@code
 * ReceivedBlockTracker}: {@link #addBlock} queues a block; {@link #allocateBlocksToBatch} gives
 * every queued block to one batch time. In memory only for now (no log): blocks of a crashed
 * process are lost. Thread-safe.
 */
public final class ReceivedBlockTracker<T> {
  private final List<ReceivedBlock<T>> unallocated = new ArrayList<>();
  private final TreeMap<Time, List<ReceivedBlock<T>>> allocated = new TreeMap<>();

  /** Queues {@code block} for the next batch. */
  public synchronized void addBlock(ReceivedBlock<T> block) {
    unallocated.add(block);
  }

  /** Gives every queued block to {@code time}; returns them. */
  public synchronized List<ReceivedBlock<T>> allocateBlocksToBatch(Time time) {
    List<ReceivedBlock<T>> blocks = List.copyOf(unallocated);
    unallocated.clear();
    allocated.put(time, blocks);
    return blocks;
  }

  /** The blocks of {@code time} (empty if none or forgotten). */
  public synchronized List<ReceivedBlock<T>> blocksOf(Time time) {
    return allocated.getOrDefault(time, List.of());
  }

  /** Whether blocks wait for a batch. */
  public synchronized boolean hasUnallocatedBlocks() {
    return !unallocated.isEmpty();
  }

  /** Forgets the allocations of batches at or before {@code threshold}. */
  public synchronized void cleanupOldBatches(Time threshold) {
    Map<Time, List<ReceivedBlock<T>>> old = allocated.headMap(threshold, true);
    old.clear();
  }
}

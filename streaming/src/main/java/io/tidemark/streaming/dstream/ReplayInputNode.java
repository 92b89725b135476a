package io.tidemark.streaming.dstream;

import io.tidemark.streaming.Batch;
import io.tidemark.streaming.Time;
import io.tidemark.streaming.source.DeferredDecodingCursor;
import io.tidemark.streaming.source.OffsetRange;
import io.tidemark.streaming.source.ReplayCursor;
import io.tidemark.streaming.source.ReplayInput;
import io.tidemark.streaming.source.UndecodedRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay source: a direct input that hands every batch the next offset range of a {@link
 * ReplayInput} — {@code recordsPerBatch} records — so a batch's input is fixed at allocation
 * without reading anything and can be read again, identically, after a failure. The records of
 * a range are read when the batch is computed, from a cursor kept open between consecutive
 * batches, and split into {@code partitions} contiguous partitions. A {@link
 * DeferredDecodingCursor} is read undecoded, a batch at a time, and each partition decodes its
 * records in parallel.
 *
 * <p>At {@link #start()} the cursor of the first new batch is opened in the background: after a
 * restart, opening a file's cursor at an offset reads through every record before it, and that
 * seek then overlaps the restore of the state stores instead of delaying the first batch.
 *
 * <p>The input is exhausted once a batch read fewer records than its range holds; batches
 * after that are empty.
 */
public final class ReplayInputNode<T> extends InputNode<T> {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayInputNode.class);
  private final ReplayInput<T> input;
  private final long recordsPerBatch;
  private final TreeMap<Time, OffsetRange> allocated = new TreeMap<>();
  private final TreeMap<Time, Long> recordsRead = new TreeMap<>();
  private long nextOffset;
  private volatile long endOffset = -1;
  private ReplayCursor<T> cursor;
  /** The cursor being opened at start, taken by the first read; null once taken. */
  private CompletableFuture<ReplayCursor<T>> opening;
  private Time retainFrom = new Time(Long.MAX_VALUE);

  /**
   * @param recordsPerBatch records per batch, {@code >= 1} and at most {@link Integer#MAX_VALUE} (a
   *     batch's records are held in memory)
   * @param startOffset offset of the first record to read (0 for a new job)
   * @throws IllegalArgumentException if {@code recordsPerBatch} is out of range
   */
  public ReplayInputNode(DStreamGraph graph, ReplayInput<T> input, long recordsPerBatch, long startOffset) {
    super(graph);
    if (recordsPerBatch < 1 || recordsPerBatch > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "records per batch must be between 1 and " + Integer.MAX_VALUE + ", got " + recordsPerBatch);
    }
    this.input = input;
    this.recordsPerBatch = recordsPerBatch;
    this.nextOffset = startOffset;
  }

  @Override
  public String kind() {
    return "replay";
  }

  /** The offset range allocated to {@code time}, if it is still remembered. */
  public synchronized Optional<OffsetRange> offsetRange(Time time) {
    return Optional.ofNullable(allocated.get(time));
  }

  /**
   * Position layout, big-endian: {@code u8 version (1) | i64 nextOffset | i64 endOffset (-1 if
   * unknown) | i32 count | count × (i64 batchTimeMs | i64 fromOffset | i64 untilOffset)}.
   */
  @Override
  public synchronized byte[] checkpointPosition() {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 + 8 + 8 + 4 + allocated.size() * 24);
    b.put((byte) 1).putLong(nextOffset).putLong(endOffset).putInt(allocated.size());
    for (java.util.Map.Entry<Time, OffsetRange> e : allocated.entrySet()) {
      b.putLong(e.getKey().milliseconds()).putLong(e.getValue().fromOffset()).putLong(e.getValue().untilOffset());
    }
    return b.array();
  }

  @Override
  public synchronized void restorePosition(byte[] position) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(position);
    try {
      if (b.get() != 1) {
        throw new IllegalArgumentException(uid() + ": unknown replay position format");
      }
      nextOffset = b.getLong();
      endOffset = b.getLong();
      int count = b.getInt();
      if (count < 0 || (long) count * 24 != b.remaining()) {
        throw new IllegalArgumentException(uid() + ": replay position holds " + b.remaining()
            + " bytes for " + count + " offset ranges");
      }
      allocated.clear();
      for (int i = 0; i < count; i++) {
        allocated.put(new Time(b.getLong()), new OffsetRange(b.getLong(), b.getLong()));
      }
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException(uid() + ": replay position is truncated", e);
    }
  }

  /**
   * Starts opening the cursor at the offset of the first new batch, on a daemon thread of its
   * own. A batch re-run after a restart starts at an earlier offset; its read then opens a cursor
   * of its own and closes this one.
   */
  @Override
  public synchronized void start() {
    super.start();
    long offset = endOffset >= 0 ? Math.min(nextOffset, endOffset) : nextOffset;
    opening = CompletableFuture.supplyAsync(() -> {
      try {
        return input.openAt(offset);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, task -> {
      Thread t = new Thread(task, "tidemark-replay-open-" + uid());
      t.setDaemon(true);
      t.start();
    });
  }

  /**
   * The cursor opened at start, once it is; null if none was, or if opening it failed (the
   * caller then opens one itself, and that failure, if it recurs, is the one reported).
   */
  private ReplayCursor<T> takeOpened() {
    CompletableFuture<ReplayCursor<T>> f = opening;
    if (f == null) {
      return null;
    }
    opening = null;
    try {
      return f.join();
    } catch (CompletionException e) {
      LOG.debug("{}: opening {} in the background failed; opening it again", uid(), input.description(), e);
      return null;
    }
  }

  /** Keeps the offset ranges of batches after {@code time} even when no node remembers them. */
  public synchronized void retainFrom(Time time) {
    retainFrom = time;
  }

  @Override
  public synchronized long allocate(Time time) {
    OffsetRange known = allocated.get(time);
    if (known != null) { // a batch re-run after a restart reads exactly its logged range
      return known.count();
    }
    long end = endOffset;
    long from = end >= 0 ? Math.min(nextOffset, end) : nextOffset;
    long until = end >= 0 ? Math.min(from + recordsPerBatch, end) : from + recordsPerBatch;
    allocated.put(time, new OffsetRange(from, until));
    nextOffset = until;
    return until - from;
  }

  @Override
  public long recordsIn(Time time, long allocated) {
    return recordsRead(time).orElse(allocated);
  }

  @Override
  public boolean isExhausted() {
    return endOffset >= 0;
  }

  /** Offset one past the last record, once the end has been seen; -1 before. */
  public long endOffset() {
    return endOffset;
  }

  /** Records read for {@code time}'s batch, once it was computed. */
  public synchronized Optional<Long> recordsRead(Time time) {
    return Optional.ofNullable(recordsRead.get(time));
  }

  @Override
  protected synchronized Optional<Batch<T>> compute(Time time) {
    OffsetRange range = allocated.get(time);
    if (range == null) {
      throw new IllegalStateException(uid() + ": no offset range was allocated to batch " + time);
    }
    List<List<T>> parts = read(range);
    long size = 0;
    for (List<T> part : parts) {
      size += part.size();
    }
    recordsRead.put(time, size);
    return Optional.of(Batch.ofPartitions(graph.env().tasks(), parts));
  }

  /** The records of {@code range}, in contiguous partitions (one, empty, for no records). */
  @SuppressWarnings("unchecked")
  private List<List<T>> read(OffsetRange range) {
    if (range.count() == 0) {
      return List.of(List.of());
    }
    try {
      if (cursor == null) {
        cursor = takeOpened();
      }
      if (cursor == null || cursor.position() != range.fromOffset()) {
        closeCursor();
        cursor = input.openAt(range.fromOffset());
      }
      if (cursor instanceof DeferredDecodingCursor<?> deferred) {
        UndecodedRecords<T> undecoded =
            ((DeferredDecodingCursor<T>) deferred).nextUndecoded(Math.toIntExact(range.count()));
        if (undecoded.size() < range.count()) {
          noteEnd();
        }
        return decodeInParallel(undecoded);
      }
      return split(readAll(range));
    } catch (IOException e) {
      closeCursor();
      throw new UncheckedIOException("cannot read records [" + range.fromOffset() + ", " + range.untilOffset()
          + ") of " + input.description() + ": " + e.getMessage(), e);
    }
  }

  private List<T> readAll(OffsetRange range) throws IOException {
    List<T> out = new ArrayList<>((int) Math.min(range.count(), 1 << 20));
    while (cursor.position() < range.untilOffset()) {
      T record = cursor.next();
      if (record == null) {
        noteEnd();
        break;
      }
      out.add(record);
    }
    return out;
  }

  /** Records that the cursor met the end of the input. */
  private void noteEnd() {
    if (endOffset < 0) {
      endOffset = cursor.position();
      LOG.info("{}: end of input {} at offset {}", uid(), input.description(), endOffset);
    }
  }

  /** Bounds of {@code min(partitions, size)} contiguous partitions of {@code size} records (at least one). */
  private int[] partitionBounds(int size) {
    int n = Math.max(1, Math.min(graph.env().partitions(), size));
    int[] bounds = new int[n + 1];
    for (int p = 0; p <= n; p++) {
      bounds[p] = (int) ((long) size * p / n);
    }
    return bounds;
  }

  private List<List<T>> split(List<T> records) {
    int[] bounds = partitionBounds(records.size());
    List<List<T>> parts = new ArrayList<>(bounds.length - 1);
    for (int p = 0; p + 1 < bounds.length; p++) {
      parts.add(records.subList(bounds[p], bounds[p + 1]));
    }
    return parts;
  }

  private List<List<T>> decodeInParallel(UndecodedRecords<T> undecoded) {
    int[] bounds = partitionBounds(undecoded.size());
    List<List<T>> decoded = new ArrayList<>(bounds.length - 1);
    for (int p = 0; p + 1 < bounds.length; p++) {
      decoded.add(null);
    }
    graph.env().tasks().runTasks(bounds.length - 1, p -> {
      List<T> out = new ArrayList<>(bounds[p + 1] - bounds[p]);
      undecoded.decode(bounds[p], bounds[p + 1], out);
      synchronized (decoded) {
        decoded.set(p, out);
      }
    });
    return decoded;
  }

  private void closeCursor() {
    if (cursor != null) {
      close(cursor);
      cursor = null;
    }
  }

  private void close(ReplayCursor<T> c) {
    try {
      c.close();
    } catch (IOException e) {
      LOG.warn("{}: closing the cursor of {} failed", uid(), input.description(), e);
    }
  }

  @Override
  public synchronized void clearMetadata(Time time) {
    super.clearMetadata(time);
    Time threshold = time.minus(lineageDuration());
    Time keep = threshold.isBefore(retainFrom) ? threshold : retainFrom;
    allocated.headMap(keep, true).clear();
    recordsRead.headMap(threshold, true).clear();
  }

  @Override
  public synchronized void stop() {
    super.stop();
    closeCursor();
    if (opening != null) { // never read: close the cursor once it is open
      opening.thenAccept(this::close);
      opening = null;
    }
  }
}

package io.tidemark.wal.fs;

import io.tidemark.wal.RecordHandle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group-commit writer thread (Spark's {@code BatchedWriteAheadLog}, BookKeeper's journal
 * thread): callers enqueue records and get a future; the thread takes everything queued, appends
 * it with one sync, and completes the futures of the group.
 *
 * <p>Unlike Spark, which packs a batch into one aggregated record, each record keeps its own frame
 * and handle, so random reads and the on-disk format do not depend on the policy.
 *
 * <p><b>Order.</b> The queue is FIFO and the thread appends in queue order, so records appear in
 * the log in the order their {@code enqueue} calls returned: one caller's records keep the order of
 * its calls, and the records of one {@link #enqueueAll} call are contiguous and in one group.
 *
 * <p><b>Back-pressure.</b> The payload bytes (plus the frame header) of records enqueued and not
 * yet completed are bounded by {@code maxBytesInFlight}: an enqueue that would exceed it waits
 * until a group completes. A unit larger than the whole limit is admitted when nothing else is in
 * flight, so it cannot wait forever. Calls made from the committer thread itself (a callback of a
 * completed future enqueueing more) never wait, since only that thread frees room.
 */
final class GroupCommitter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

  /** Most records in one group, bounding the wait of a group's first record. */
  static final int MAX_GROUP_RECORDS = 4096;

  /** Most payload bytes in one group (unless one unit alone is larger). */
  static final long MAX_GROUP_BYTES = 16L << 20;

  /** One record to append. */
  record Rec(ByteBuffer payload, long timeMillis) {}

  /** One queued unit: a single record ({@code one}) or a batch ({@code all}), never split. */
  private static final class Unit {
    final Rec[] records;
    final long bytes;
    final CompletableFuture<RecordHandle> one;
    final CompletableFuture<List<RecordHandle>> all;

    Unit(Rec[] records, long bytes, CompletableFuture<RecordHandle> one,
        CompletableFuture<List<RecordHandle>> all) {
      this.records = records;
      this.bytes = bytes;
      this.one = one;
      this.all = all;
    }

    void complete(RecordHandle[] handles, int from) {
      if (one != null) {
        one.complete(handles[from]);
      } else {
        all.complete(List.of(Arrays.copyOfRange(handles, from, from + records.length)));
      }
    }

    void fail(Throwable e) {
      if (one != null) {
        one.completeExceptionally(e);
      } else {
        all.completeExceptionally(e);
      }
    }
  }

  private static final Unit STOP = new Unit(new Rec[0], 0, null, null);

  private final LinkedBlockingQueue<Unit> queue = new LinkedBlockingQueue<>();
  private final Function<List<Rec>, RecordHandle[]> appender;
  private final long maxBytesInFlight;
  private final Thread thread;
  private boolean closed; // guarded by this
  private long bytesInFlight; // guarded by this

  /**
   * Starts the writer thread.
   *
   * @param appender appends and syncs a group, returning one handle per record or throwing
   * @param maxBytesInFlight the back-pressure limit, {@code >= 1}
   */
  GroupCommitter(String threadName, Function<List<Rec>, RecordHandle[]> appender,
      long maxBytesInFlight) {
    this.appender = appender;
    this.maxBytesInFlight = maxBytesInFlight;
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Enqueues one record, waiting for room first (uninterruptibly); the future completes when its
   * group is synced, exceptionally with what the appender threw for the group.
   *
   * @throws IllegalStateException if closed
   */
  CompletableFuture<RecordHandle> enqueue(ByteBuffer payload, long timeMillis) {
    CompletableFuture<RecordHandle> done = new CompletableFuture<>();
    admit(new Unit(new Rec[] {new Rec(payload, timeMillis)},
        SegmentFormat.FRAME_HEADER_SIZE + (long) payload.remaining(), done, null));
    return done;
  }

  /** Enqueues records that are appended contiguously, in one group; see {@link #enqueue}. */
  CompletableFuture<List<RecordHandle>> enqueueAll(List<Rec> records) {
    CompletableFuture<List<RecordHandle>> done = new CompletableFuture<>();
    long bytes = 0;
    for (Rec r : records) {
      bytes += SegmentFormat.FRAME_HEADER_SIZE + (long) r.payload().remaining();
    }
    admit(new Unit(records.toArray(new Rec[0]), bytes, null, done));
    return done;
  }

  private synchronized void admit(Unit unit) {
    boolean interrupted = false;
    boolean mayWait = Thread.currentThread() != thread;
    try {
      while (!closed && mayWait && bytesInFlight > 0
          && bytesInFlight + unit.bytes > maxBytesInFlight) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (closed) {
      throw new IllegalStateException("write-ahead log is closed");
    }
    bytesInFlight += unit.bytes;
    queue.add(unit);
  }

  private synchronized void release(long bytes) {
    bytesInFlight -= bytes;
    notifyAll();
  }

  /** Whether the calling thread is the group-commit thread (running a future's callback). */
  boolean isCommitterThread() {
    return Thread.currentThread() == thread;
  }

  /** Bytes (payload + frame headers) enqueued and not yet completed; for tests. */
  synchronized long bytesInFlight() {
    return bytesInFlight;
  }

  private void run() {
    List<Unit> units = new ArrayList<>();
    List<Rec> records = new ArrayList<>();
    boolean stop = false;
    while (!stop) {
      units.clear();
      records.clear();
      Unit first;
      try {
        first = queue.take();
      } catch (InterruptedException e) {
        LOG.warn("group-commit thread interrupted; stopping");
        failQueued(new IllegalStateException("group-commit thread interrupted"));
        return;
      }
      long bytes = 0;
      Unit u = first;
      while (u != null) {
        if (u == STOP) {
          stop = true; // nothing is enqueued after STOP (see close)
          break;
        }
        units.add(u);
        records.addAll(Arrays.asList(u.records));
        bytes += u.bytes;
        Unit next = queue.peek(); // this thread is the only consumer
        if (next == null || (next != STOP
            && (records.size() + next.records.length > MAX_GROUP_RECORDS
                || bytes + next.bytes > MAX_GROUP_BYTES))) {
          break;
        }
        u = queue.poll();
      }
      if (units.isEmpty()) {
        continue;
      }
      RecordHandle[] handles = null;
      Throwable error = null;
      try {
        handles = records.isEmpty() ? new RecordHandle[0] : appender.apply(records);
      } catch (RuntimeException | Error e) {
        error = e;
      }
      // Free the room before completing, so that writers blocked on back-pressure (and
      // callbacks that run on this thread during complete) can enqueue again.
      release(bytes);
      int at = 0;
      for (Unit unit : units) {
        try {
          if (error == null) {
            unit.complete(handles, at);
          } else {
            unit.fail(error);
          }
        } catch (RuntimeException | Error e) {
          LOG.warn("a callback of a write-ahead log future threw; ignored", e);
        }
        at += unit.records.length;
      }
    }
  }

  private void failQueued(RuntimeException e) {
    Unit u;
    while ((u = queue.poll()) != null) {
      if (u != STOP) {
        release(u.bytes);
        u.fail(e);
      }
    }
  }

  /** Completes every write accepted so far, then stops the thread. Idempotent. */
  @Override
  public void close() {
    if (isCommitterThread()) {
      throw new IllegalStateException("the write-ahead log cannot be closed from a callback that"
          + " runs on its group-commit thread (use an *Async stage)");
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(STOP);
      notifyAll(); // writers waiting for room now fail with "closed"
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}

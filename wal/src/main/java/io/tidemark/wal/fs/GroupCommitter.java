package io.tidemark.wal.fs;

import io.tidemark.wal.RecordHandle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group-commit writer thread (Spark's {@code BatchedWriteAheadLog}, BookKeeper's force-write
 * thread): callers enqueue records and wait; the thread takes everything queued, appends it with
 * one sync, and completes every waiting caller.
 *
 * <p>Unlike Spark, which packs a batch into one aggregated record, each record keeps its own frame
 * and handle, so random reads and the on-disk format do not depend on the policy.
 */
final class GroupCommitter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

  /** Largest number of records in one group, bounding the writer's latency for the first one. */
  private static final int MAX_GROUP = 4096;

  /** One waiting write. */
  record Pending(ByteBuffer payload, long timeMillis, CompletableFuture<RecordHandle> done) {}

  private static final Pending STOP = new Pending(ByteBuffer.allocate(0), 0, null);

  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Function<List<Pending>, RecordHandle[]> appender;
  private final Thread thread;
  private boolean closed; // guarded by this

  /**
   * Starts the writer thread.
   *
   * @param appender appends and syncs a group, returning one handle per record or throwing
   */
  GroupCommitter(String threadName, Function<List<Pending>, RecordHandle[]> appender) {
    this.appender = appender;
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Enqueues one record and waits, uninterruptibly, until its group is synced: returning earlier
   * would break the durability promise, and the caller's buffer is read until then.
   *
   * @throws IllegalStateException if closed
   * @throws RuntimeException what the appender threw for the record's group
   */
  RecordHandle write(ByteBuffer payload, long timeMillis) {
    Pending pending = new Pending(payload, timeMillis, new CompletableFuture<>());
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("write-ahead log is closed");
      }
      queue.add(pending);
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return pending.done().get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException(cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    List<Pending> group = new ArrayList<>();
    boolean stop = false;
    while (!stop) {
      group.clear();
      try {
        group.add(queue.take());
      } catch (InterruptedException e) {
        LOG.warn("group-commit thread interrupted; stopping");
        failQueued(new IllegalStateException("group-commit thread interrupted"));
        return;
      }
      queue.drainTo(group, MAX_GROUP - 1);
      int stopAt = -1;
      for (int i = 0; i < group.size() && stopAt < 0; i++) {
        if (group.get(i) == STOP) {
          stopAt = i;
        }
      }
      if (stopAt >= 0) {
        stop = true;
        group.subList(stopAt, group.size()).clear();
      }
      if (group.isEmpty()) {
        continue;
      }
      try {
        RecordHandle[] handles = appender.apply(group);
        for (int i = 0; i < group.size(); i++) {
          group.get(i).done().complete(handles[i]);
        }
      } catch (RuntimeException | Error e) {
        for (Pending p : group) {
          p.done().completeExceptionally(e);
        }
      }
    }
  }

  private void failQueued(RuntimeException e) {
    Pending p;
    while ((p = queue.poll()) != null) {
      if (p != STOP) {
        p.done().completeExceptionally(e);
      }
    }
  }

  /** Completes every write accepted so far, then stops the thread. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(STOP);
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

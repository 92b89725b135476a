package io.tidemark.wal.fs;

import io.tidemark.wal.CloseableIterator;
import io.tidemark.wal.CorruptRecordException;
import io.tidemark.wal.DurabilityPolicy;
import io.tidemark.wal.RecordHandle;
import io.tidemark.wal.WalException;
import io.tidemark.wal.WalOptions;
import io.tidemark.wal.WriteAheadLog;
import io.tidemark.wal.fs.GroupCommitter.Rec;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LeaseRecoverable;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WriteAheadLog} in one directory of any Hadoop {@link FileSystem}: rolling segment files
 * {@code log-<sequence>-<startMs>-<endMs>} of CRC32C-framed records (Spark's {@code
 * FileBasedWriteAheadLog}, with BookKeeper's journal format discipline and group commit).
 *
 * <p><b>Opening</b> lists the directory and scans the last segment. A torn tail (a partial record
 * left by a crash during a write) is cut off with {@code truncate} where the file system offers
 * it synchronously; where it does not (HDFS while the dead writer's lease is being recovered, or
 * a truncate that needs block recovery, or a store without truncate) the tail stays and readers
 * stop at it, since they treat a partial record at the end of <em>any</em> segment as its end. A
 * file shorter than a header is deleted. Either way the log then writes into a <em>new</em>
 * segment, as Spark's writer does, so no append to an existing file is ever needed.
 *
 * <p><b>Writing</b> ({@link #write}, {@link #writeAsync}, {@link #writeAll}) follows the {@link
 * DurabilityPolicy}: under group commit a writer thread appends everything queued and syncs once
 * per group, completing the futures afterwards, with {@link WalOptions#maxBytesInFlight()} as
 * back-pressure; the other policies write and sync in the calling thread under a lock. On the
 * local file system the log writes through {@code RawLocalFileSystem} (the checksumming {@code
 * LocalFileSystem} is not durable before {@code close}). A failed append is retried with exponential backoff: the current
 * segment is first cut back to its last synced byte (so a retry cannot duplicate a record) and
 * the retry goes to a new segment. If that cut fails too, the log stops accepting writes (every
 * later write throws {@link WalException}); reopening it recovers.
 *
 * <p>One directory must have at most one open instance writing to it; this class does not lock
 * the directory. All methods are thread-safe. The {@link FileSystem} is shared (Hadoop caches
 * instances) and is not closed by {@link #close()}.
 */
public final class SegmentedFileLog implements WriteAheadLog {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentedFileLog.class);

  private final FileSystem fs;
  private final Path dir;
  private final WalOptions options;
  private final DurabilityPolicy policy;
  private final Retry retry;
  private final LongAdder skippedCorrupt = new LongAdder();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ExecutorService cleaner;
  private final GroupCommitter committer;

  // Guarded by writeLock.
  private SegmentWriter current;
  private long nextSequence;
  private WalException failure;

  /**
   * Segments with this sequence number or higher may be being written and are never cleaned.
   * Published before a segment file is created, so a {@code clean} that lists the file and then
   * reads this field cannot delete it while it is written.
   */
  private volatile long protectedSequence = Long.MAX_VALUE;

  private SegmentedFileLog(FileSystem fileSystem, Path directory, WalOptions options) {
    this.fs = fileSystem instanceof LocalFileSystem local ? local.getRawFileSystem() : fileSystem;
    this.dir = fs.makeQualified(directory);
    this.options = options;
    this.policy = options.durability();
    this.retry = new Retry(options.maxRetries(), options.retryBaseDelay());
    retry.call("create log directory", dir.toString(), () -> fs.mkdirs(dir));
    List<SegmentName> segments = listSegments();
    if (!segments.isEmpty()) {
      SegmentName last = segments.get(segments.size() - 1);
      nextSequence = last.sequence() + 1;
      recoverLastSegment(last);
    }
    String id = dir.toString();
    this.cleaner = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "tidemark-wal-cleaner[" + id + "]");
      t.setDaemon(true);
      return t;
    });
    this.committer = policy == DurabilityPolicy.GROUP_COMMIT
        ? new GroupCommitter("tidemark-wal-group-commit[" + id + "]", this::appendLocked,
            options.maxBytesInFlight())
        : null;
  }

  /**
   * Opens (creating if needed) the log in {@code dir}, resolving its file system from {@code
   * conf}, and recovers a torn tail left by a crash.
   *
   * @param dir the log directory, any Hadoop URI ({@code file:}, {@code hdfs:}, ...); not null
   * @param conf the Hadoop configuration; not null (on HDFS with one DataNode, set {@code
   *     dfs.replication=1} here)
   * @param options the log's settings; not null
   * @return the open log
   * @throws io.tidemark.wal.UnreadableSegmentException if the last segment is a foreign file or of
   *     a newer format version
   * @throws WalException if the directory cannot be created, listed or recovered
   */
  public static SegmentedFileLog open(Path dir, Configuration conf, WalOptions options) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(conf, "conf");
    FileSystem fs;
    try {
      fs = dir.getFileSystem(conf);
    } catch (IOException e) {
      throw new WalException("cannot resolve the file system", dir.toString(), e);
    }
    return open(fs, dir, options);
  }

  /**
   * Opens (creating if needed) the log in {@code dir} on {@code fs}; see {@link #open(Path,
   * Configuration, WalOptions)}. A {@link LocalFileSystem} is replaced by its raw file system.
   *
   * @param fs the file system; not null, not closed by the log
   * @param dir the log directory; not null
   * @param options the log's settings; not null
   * @return the open log
   */
  public static SegmentedFileLog open(FileSystem fs, Path dir, WalOptions options) {
    Objects.requireNonNull(fs, "fs");
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(options, "options");
    return new SegmentedFileLog(fs, dir, options);
  }

  // ---------------------------------------------------------------------------------- recovery

  private void recoverLastSegment(SegmentName name) {
    Path path = segmentPath(name);
    String file = path.toString();
    // Skip mode with a private counter: the writer only needs where the valid data ends;
    // corruption inside is left for readers to report.
    LongAdder corruptInside = new LongAdder();
    SegmentReader scan = retry.call("scan last segment", file, () -> {
      SegmentReader reader =
          SegmentReader.open(fs, path, options.maxRecordSize(), true, corruptInside);
      try (reader) {
        while (reader.next() != null) {
          // read to the end to find the last complete record
        }
      }
      return reader;
    });
    if (corruptInside.sum() > 0) {
      LOG.warn("The last segment {} holds {} corrupt record(s) before its end; left for readers",
          file, corruptInside.sum());
    }
    if (scan.headerTorn()) {
      LOG.info("Deleting segment {}: shorter than a header (crash right after its creation)",
          file);
      retry.call("delete headerless segment", file, () -> fs.delete(path, false));
    } else if (scan.tornTail() && !scan.gaveUp()) {
      cutTornTail(path, scan.validLength());
    }
  }

  private void cutTornTail(Path path, long validLength) {
    try {
      if (fs instanceof LeaseRecoverable leases && !leases.isFileClosed(path)
          && !leases.recoverLease(path)) {
        // A writer that died still holds the lease; HDFS closes the file asynchronously. The
        // tail stays: readers stop at it.
        LOG.info("Torn tail of {} after byte {} left in place: lease recovery in progress",
            path, validLength);
        return;
      }
      boolean done = fs.truncate(path, validLength);
      LOG.info("Torn tail of {} cut at byte {}{}", path, validLength,
          done ? "" : " (the file system completes the truncate asynchronously)");
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn("Torn tail of {} after byte {} left in place (readers stop at it): {}",
          path, validLength, e.toString());
    }
  }

  // ------------------------------------------------------------------------------------ writing

  @Override
  public RecordHandle write(ByteBuffer record, long timeMillis) {
    ByteBuffer payload = checkedPayload(record, timeMillis);
    if (committer != null) {
      ensureOpen();
      return await(committer.enqueue(payload, timeMillis));
    }
    return appendNow(List.of(new Rec(payload, timeMillis)))[0];
  }

  @Override
  public CompletableFuture<RecordHandle> writeAsync(ByteBuffer record, long timeMillis) {
    ByteBuffer payload = checkedPayload(record, timeMillis);
    if (committer != null) {
      ensureOpen();
      return committer.enqueue(payload, timeMillis);
    }
    ensureOpen();
    try {
      return CompletableFuture.completedFuture(
          appendNow(List.of(new Rec(payload, timeMillis)))[0]);
    } catch (WalException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public List<RecordHandle> writeAll(List<ByteBuffer> records, long timeMillis) {
    Objects.requireNonNull(records, "records");
    List<Rec> batch = new ArrayList<>(records.size());
    for (ByteBuffer record : records) {
      batch.add(new Rec(checkedPayload(record, timeMillis), timeMillis));
    }
    ensureOpen();
    if (batch.isEmpty()) {
      return List.of();
    }
    if (committer != null) {
      return await(committer.enqueueAll(batch));
    }
    return List.of(appendNow(batch));
  }

  /** Checks a record and returns a view of it (the caller's position and limit stay its own). */
  private ByteBuffer checkedPayload(ByteBuffer record, long timeMillis) {
    Objects.requireNonNull(record, "record");
    if (record.remaining() > options.maxRecordSize()) {
      throw new IllegalArgumentException("record of " + record.remaining()
          + " bytes exceeds the maximum record size " + options.maxRecordSize());
    }
    if (timeMillis < 0) {
      throw new IllegalArgumentException("timeMillis < 0: " + timeMillis);
    }
    return record.duplicate();
  }

  /** HSYNC/HFLUSH: appends and syncs in the calling thread. */
  private RecordHandle[] appendNow(List<Rec> records) {
    writeLock.lock();
    try {
      ensureOpen();
      return append(records);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Waits uninterruptibly for a group-commit future (returning before the sync would break the
   * durability promise, and the caller's buffer is read until then) and rethrows its failure as
   * it was raised on the writer thread.
   */
  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  private RecordHandle[] appendLocked(List<Rec> group) {
    writeLock.lock();
    try {
      return append(group);
    } finally {
      writeLock.unlock();
    }
  }

  /** Appends a group and syncs once; called with the write lock held. */
  private RecordHandle[] append(List<Rec> group) {
    if (failure != null) {
      throw new WalException("the log stopped accepting writes after an unrepairable failure;"
          + " reopen it to recover", dir.toString(), failure);
    }
    return options.closeAfterWrite() ? appendAsNewSegment(group) : appendToCurrent(group);
  }

  private RecordHandle[] appendToCurrent(List<Rec> group) {
    int n = group.size();
    RecordHandle[] handles = new RecordHandle[n];
    int durable = 0; // records [0, durable) are synced and keep their handles across retries
    for (int attempt = 0; ; attempt++) {
      try {
        for (int i = durable; i < n; i++) {
          Rec p = group.get(i);
          if (current == null || p.timeMillis() >= current.name().endMs()) {
            if (current != null) {
              current.sync(policy);
              durable = i;
              closeQuietly(current);
              current = null;
            }
            current = newSegment(p.timeMillis(), endOf(p.timeMillis()));
          }
          handles[i] = current.append(p.payload());
        }
        current.sync(policy);
        return handles;
      } catch (IOException e) {
        String file = current != null ? current.path().toString() : dir.toString();
        abandonCurrent(e);
        if (attempt >= retry.maxRetries()) {
          throw new WalException("append failed after " + (attempt + 1) + " attempts", file, e);
        }
        LOG.warn("Append failed (attempt {} of {}), retrying in a new segment: {} [file {}]",
            attempt + 1, retry.maxRetries() + 1, e.toString(), file);
        retry.backoff(attempt, "append", file);
      }
    }
  }

  private RecordHandle[] appendAsNewSegment(List<Rec> group) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Rec p : group) {
      min = Math.min(min, p.timeMillis());
      max = Math.max(max, p.timeMillis());
    }
    RecordHandle[] handles = new RecordHandle[group.size()];
    for (int attempt = 0; ; attempt++) {
      try {
        current = newSegment(min, max + 1);
        for (int i = 0; i < handles.length; i++) {
          handles[i] = current.append(group.get(i).payload());
        }
        current.sync(policy);
        // For an object store the close is what publishes the object durably.
        current.close();
        current = null;
        protectedSequence = Long.MAX_VALUE;
        return handles;
      } catch (IOException e) {
        String file = current != null ? current.path().toString() : dir.toString();
        abandonCurrent(e);
        protectedSequence = Long.MAX_VALUE;
        if (attempt >= retry.maxRetries()) {
          throw new WalException("append failed after " + (attempt + 1) + " attempts", file, e);
        }
        LOG.warn("Append failed (attempt {} of {}), retrying in a new segment: {} [file {}]",
            attempt + 1, retry.maxRetries() + 1, e.toString(), file);
        retry.backoff(attempt, "append", file);
      }
    }
  }

  private long endOf(long startMs) {
    long interval = options.rollingInterval().toMillis();
    long end = startMs + interval;
    return end < startMs ? Long.MAX_VALUE : Math.max(end, startMs + 1);
  }

  private SegmentWriter newSegment(long startMs, long endMs) throws IOException {
    SegmentName name = new SegmentName(nextSequence++, startMs, endMs);
    protectedSequence = name.sequence();
    return SegmentWriter.create(fs, dir, name, policy, !options.closeAfterWrite());
  }

  /**
   * Drops the current segment after a failed append, cutting it back to its last synced byte so
   * that records of the failed attempt cannot reappear next to their retry.
   */
  private void abandonCurrent(IOException cause) {
    SegmentWriter w = current;
    current = null;
    if (w == null) {
      return;
    }
    closeQuietly(w);
    long keep = w.syncedLength();
    Path path = w.path();
    try {
      retry.call("cut back segment after a failed append", path.toString(), () -> {
        if (keep == 0) {
          fs.delete(path, false);
        } else {
          fs.truncate(path, keep);
        }
        return null;
      });
    } catch (WalException | UnsupportedOperationException e) {
      WalException stop = new WalException("append failed and the segment could not be cut back"
          + " to its last synced byte " + keep, path.toString(), cause);
      stop.addSuppressed(e);
      failure = stop;
      throw stop;
    }
  }

  private static void closeQuietly(SegmentWriter w) {
    try {
      w.close();
    } catch (IOException e) {
      LOG.debug("Closing {} after a failure also failed: {}", w.path(), e.toString());
    }
  }

  // ------------------------------------------------------------------------------------ reading

  @Override
  public ByteBuffer read(RecordHandle handle) {
    Objects.requireNonNull(handle, "handle");
    ensureOpen();
    String file = handle.segmentPath();
    long offset = handle.offset();
    if (handle.length() > options.maxRecordSize()) {
      throw new IllegalArgumentException("handle length " + handle.length()
          + " exceeds the maximum record size " + options.maxRecordSize());
    }
    Path path = new Path(file);
    return retry.call("read record at byte offset " + offset, file, () -> {
      try (FSDataInputStream in = fs.open(path)) {
        in.seek(offset);
        int length = in.readInt();
        int crc = in.readInt();
        if (length != handle.length()) {
          throw new CorruptRecordException("length field " + length
              + " differs from the handle's length " + handle.length(), file, offset);
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        if (SegmentFormat.maskedCrc(payload, length) != crc) {
          throw new CorruptRecordException("CRC32C mismatch", file, offset);
        }
        return ByteBuffer.wrap(payload);
      } catch (EOFException e) {
        throw new CorruptRecordException("the segment ends inside the record", file, offset);
      }
    });
  }

  @Override
  public CloseableIterator<ByteBuffer> readAll() {
    ensureOpen();
    return new AllRecords(listSegments());
  }

  /**
   * Returns how many corrupt records readers of this instance have skipped so far (only with
   * {@link WalOptions#skipCorruptRecords()}); an impossible length, which ends its segment, counts
   * as one.
   *
   * @return the cumulative count, {@code >= 0}
   */
  public long skippedCorruptRecords() {
    return skippedCorrupt.sum();
  }

  /** Bytes queued for group commit and not yet synced (0 for the other policies); for tests. */
  long committerBytesInFlight() {
    return committer == null ? 0 : committer.bytesInFlight();
  }

  /**
   * Returns the log directory.
   *
   * @return the fully qualified directory
   */
  public Path directory() {
    return dir;
  }

  /**
   * Returns the segment names in write order, as listed now.
   *
   * @return an unmodifiable list, oldest first
   * @throws WalException if the directory cannot be listed
   */
  public List<SegmentName> segments() {
    return Collections.unmodifiableList(listSegments());
  }

  private final class AllRecords implements CloseableIterator<ByteBuffer> {
    private final List<SegmentName> segments;
    private int index;
    private SegmentReader reader;
    private String file;
    private ByteBuffer next;
    private boolean done;

    AllRecords(List<SegmentName> segments) {
      this.segments = segments;
    }

    @Override
    public boolean hasNext() {
      while (next == null && !done) {
        try {
          if (reader == null) {
            if (index == segments.size()) {
              done = true;
              break;
            }
            Path path = segmentPath(segments.get(index++));
            file = path.toString();
            try {
              reader = SegmentReader.open(fs, path, options.maxRecordSize(),
                  options.skipCorruptRecords(), skippedCorrupt);
            } catch (FileNotFoundException cleaned) {
              LOG.debug("Segment {} disappeared while reading (cleaned)", file);
              continue;
            }
          }
          next = reader.next();
          if (next == null) {
            reader.close();
            reader = null;
          }
        } catch (IOException e) {
          close();
          throw new WalException("reading the log failed", file, e);
        } catch (RuntimeException e) {
          close();
          throw e;
        }
      }
      return next != null;
    }

    @Override
    public ByteBuffer next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ByteBuffer result = next;
      next = null;
      return result;
    }

    @Override
    public void close() {
      done = true;
      next = null;
      if (reader != null) {
        try {
          reader.close();
        } catch (IOException e) {
          LOG.debug("Closing {} failed: {}", file, e.toString());
        }
        reader = null;
      }
    }
  }

  // ----------------------------------------------------------------------------------- cleaning

  @Override
  public void clean(long thresholdTimeMillis, boolean waitForCompletion) {
    ensureOpen();
    Future<?> task = cleaner.submit(() -> deleteOlderThan(thresholdTimeMillis));
    if (!waitForCompletion) {
      return;
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          task.get();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException re) {
            throw re;
          }
          throw new WalException("clean failed", dir.toString(), e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void deleteOlderThan(long thresholdTimeMillis) {
    try {
      List<SegmentName> segments = listSegments();
      long protectedFrom = protectedSequence; // read after listing: see the field's comment
      int deleted = 0;
      for (SegmentName name : segments) {
        if (name.endMs() <= thresholdTimeMillis && name.sequence() < protectedFrom) {
          Path path = segmentPath(name);
          retry.call("delete segment", path.toString(), () -> fs.delete(path, false));
          deleted++;
        }
      }
      LOG.debug("Cleaned {} segment(s) older than {} in {}", deleted, thresholdTimeMillis, dir);
    } catch (RuntimeException e) {
      LOG.warn("Cleaning {} failed: {}", dir, e.toString());
      throw e;
    }
  }

  // ------------------------------------------------------------------------------------ closing

  /**
   * Closes the log: completes the writes already queued for group commit, syncs and closes the
   * current segment, then lets pending cleanups finish (up to 30 s). Idempotent.
   *
   * @throws WalException if the last sync or close fails (the log is closed regardless)
   */
  @Override
  public void close() {
    if (committer != null && committer.isCommitterThread()) {
      throw new IllegalStateException("the write-ahead log cannot be closed from a callback that"
          + " runs on its group-commit thread (use an *Async stage): " + dir);
    }
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (committer != null) {
      committer.close();
    }
    WalException error = null;
    writeLock.lock();
    try {
      if (current != null) {
        try {
          current.sync(policy);
          current.close();
        } catch (IOException e) {
          error = new WalException("closing the segment failed", current.path().toString(), e);
        }
        current = null;
      }
      protectedSequence = Long.MAX_VALUE;
    } finally {
      writeLock.unlock();
    }
    cleaner.shutdown();
    try {
      if (!cleaner.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("Cleanup of {} still running after close", dir);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (error != null) {
      throw error;
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("write-ahead log is closed: " + dir);
    }
  }

  // -------------------------------------------------------------------------------------- files

  private Path segmentPath(SegmentName name) {
    return new Path(dir, name.fileName());
  }

  private List<SegmentName> listSegments() {
    FileStatus[] statuses =
        retry.call("list log directory", dir.toString(), () -> fs.listStatus(dir));
    List<SegmentName> names = new ArrayList<>();
    for (FileStatus status : statuses) {
      if (status.isFile()) {
        SegmentName.parse(status.getPath().getName()).ifPresent(names::add);
      }
    }
    Collections.sort(names);
    return names;
  }

  @Override
  public String toString() {
    return "SegmentedFileLog[" + dir + ", " + policy
        + (options.closeAfterWrite() ? ", close-after-write" : "") + "]";
  }
}

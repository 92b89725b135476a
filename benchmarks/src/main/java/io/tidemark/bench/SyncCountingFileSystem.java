package io.tidemark.bench;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.util.Progressable;

/**
 * Hadoop's {@link RawLocalFileSystem} (what the WAL writes through on local disk) with counters
 * on the streams it creates: how many {@code hsync}/{@code hflush} calls, the time spent inside
 * them, and how many bytes each one covered. It stays a {@code RawLocalFileSystem}, so the WAL
 * treats it exactly as the real one (including its directory fsync per new segment); the
 * counters add two {@code nanoTime} reads per sync, nothing per record.
 *
 * <p>From these the WAL benchmark derives records per sync (group size), the largest group, and
 * the share of wall time the log spends waiting for the disk.
 */
final class SyncCountingFileSystem extends RawLocalFileSystem {

  /** Counters of one measurement; reset between runs. */
  static final class SyncStats {
    final LongAdder syncs = new LongAdder();
    final LongAdder syncNanos = new LongAdder();
    final LongAccumulator maxBytesPerSync = new LongAccumulator(Math::max, 0);
    final AtomicLong syncedBytes = new AtomicLong();

    void reset() {
      syncs.reset();
      syncNanos.reset();
      maxBytesPerSync.reset();
      syncedBytes.set(0);
    }
  }

  private final SyncStats stats = new SyncStats();

  /** A raw local file system on {@code file:///}, initialised with {@code conf}. */
  static SyncCountingFileSystem create(Configuration conf) throws IOException {
    SyncCountingFileSystem fs = new SyncCountingFileSystem();
    fs.initialize(URI.create("file:///"), conf);
    return fs;
  }

  SyncStats stats() {
    return stats;
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication,
      long blockSize, Progressable progress) throws IOException {
    FSDataOutputStream inner =
        super.create(f, overwrite, bufferSize, replication, blockSize, progress);
    return new CountingStream(inner, stats);
  }

  /** Delegates everything to the raw stream; times and counts the syncs. */
  private static final class CountingStream extends FSDataOutputStream {
    private final SyncStats stats;
    private long lastSyncedPos;

    CountingStream(FSDataOutputStream inner, SyncStats stats) {
      super(inner, null);
      this.stats = stats;
    }

    @Override
    public void hsync() throws IOException {
      long t0 = System.nanoTime();
      super.hsync();
      record(t0);
    }

    @Override
    public void hflush() throws IOException {
      long t0 = System.nanoTime();
      super.hflush();
      record(t0);
    }

    private void record(long t0) {
      stats.syncNanos.add(System.nanoTime() - t0);
      stats.syncs.increment();
      long pos = getPos();
      long covered = pos - lastSyncedPos;
      lastSyncedPos = pos;
      stats.syncedBytes.addAndGet(covered);
      stats.maxBytesPerSync.accumulate(covered);
    }
  }
}

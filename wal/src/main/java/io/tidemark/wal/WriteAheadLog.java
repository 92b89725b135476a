package io.tidemark.wal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A write-ahead log of opaque records: the SPI of Spark Streaming's {@code WriteAheadLog}, used
 * for received blocks and for the {@code ReceivedBlockTracker}'s events.
 *
 * <p>Records are appended with the time they belong to (a batch or block time, in epoch
 * milliseconds, supplied by the caller, never read from a clock); that time decides which segment
 * a record lands in and when {@link #clean} may delete it. A {@link #write} returns only when its
 * record meets the log's {@link DurabilityPolicy}; a write that throws may or may not be in the
 * log after a restart (as with any log, an unacknowledged write is "maybe").
 *
 * <p>Three ways to write: {@link #write} (one record, blocks until durable), {@link #writeAsync}
 * (one record, returns a future at once, so a caller may keep many records in flight and fill a
 * group commit without many threads), and {@link #writeAll} (a batch, one sync).
 *
 * <p><b>Order.</b> Records of one caller appear in the log (and in {@link #readAll}) in the order
 * of that caller's calls, whichever of the three methods it uses and however many of its records
 * are in flight; the records of one {@link #writeAll} are contiguous. Records of concurrent
 * callers are interleaved in the order the log serialised the calls. A failed write does not
 * stop later ones: when a future fails, records the caller sent after it may still be written, so
 * a caller that needs a gap-free sequence treats its first failure as the end of what it may
 * acknowledge.
 *
 * <p>Implementations are thread-safe: any thread may call any method concurrently. One log
 * directory has at most one open writer (one process, one instance); readers may be many.
 */
public interface WriteAheadLog extends AutoCloseable {

  /**
   * Appends one record and returns when it is durable by the log's policy.
   *
   * @param record the payload, from its position to its limit; not {@code null}, not modified
   *     (its position is left as it was), and read while this method runs only, so the caller may
   *     reuse it afterwards
   * @param timeMillis the record's time in epoch milliseconds; times should not decrease by more
   *     than a rolling interval, but a smaller time is accepted (the record then stays until its
   *     segment's end time passes the clean threshold)
   * @return the record's location, for {@link #read}
   * @throws NullPointerException if {@code record} is {@code null}
   * @throws IllegalArgumentException if the record is longer than the maximum record size
   * @throws IllegalStateException if the log is closed
   * @throws WalException if the storage still fails after the configured retries
   */
  RecordHandle write(ByteBuffer record, long timeMillis);

  /**
   * Appends one record and returns at once with a future that completes when the record meets
   * the log's {@link DurabilityPolicy} (under group commit: when its group is synced). A policy
   * that syncs every write may do the work in the calling thread and return a completed future.
   *
   * <p>Storage failures complete the future exceptionally with the {@link WalException} (after
   * the configured retries); the record may or may not be in the log after a restart. Argument
   * errors and a closed log throw from this method. Callbacks attached with non-{@code Async}
   * stages may run on the log's writer thread: keep them short, never block in them and never
   * {@link #close} the log from them.
   *
   * <p><b>Back-pressure:</b> when the bytes accepted and not yet durable reach the log's limit
   * ({@link WalOptions#maxBytesInFlight()}), this method blocks (uninterruptibly; an interrupt is
   * kept for the caller) until room is freed.
   *
   * @param record the payload, from its position to its limit; not {@code null}; its position and
   *     limit are read during the call and not modified, but its <em>content</em> is read until
   *     the future completes, so the caller must not change it before then
   * @param timeMillis the record's time in epoch milliseconds, as for {@link #write}
   * @return a future of the record's location
   * @throws NullPointerException if {@code record} is {@code null}
   * @throws IllegalArgumentException if the record is longer than the maximum record size or
   *     {@code timeMillis} is negative
   * @throws IllegalStateException if the log is closed (also when it is closed while this call
   *     waits for room)
   */
  CompletableFuture<RecordHandle> writeAsync(ByteBuffer record, long timeMillis);

  /**
   * Appends a batch of records, contiguously and in list order, with one sync (for one segment;
   * a batch that starts a new segment also syncs the one it leaves), and returns when all are
   * durable. An empty list returns an empty list and writes nothing. The batch counts against
   * the back-pressure limit as a whole (see {@link #writeAsync}).
   *
   * @param records the payloads, each from its position to its limit; not {@code null}, no
   *     {@code null} element; read while this method runs only
   * @param timeMillis the time of every record of the batch, as for {@link #write}
   * @return the records' locations, in list order (an unmodifiable list)
   * @throws NullPointerException if {@code records} or an element is {@code null}
   * @throws IllegalArgumentException if a record is longer than the maximum record size
   * @throws IllegalStateException if the log is closed
   * @throws WalException if the storage still fails after the configured retries (none, some or
   *     all of the batch may then be in the log after a restart)
   */
  List<RecordHandle> writeAll(List<ByteBuffer> records, long timeMillis);

  /**
   * Reads one record back, checking its CRC (Spark's {@code FileBasedWriteAheadLogRandomReader}).
   *
   * @param handle a handle returned by a write on this log directory; not {@code null}
   * @return a new heap buffer holding exactly the payload (position 0, limit = length)
   * @throws CorruptRecordException if the record fails its check or does not match the handle
   *     (even when corrupt records are skipped: a random read has nothing to skip to)
   * @throws WalException if the segment is gone (cleaned) or unreadable
   */
  ByteBuffer read(RecordHandle handle);

  /**
   * Reads every record of every segment, in write order (Spark's {@code readAll}), as of the call:
   * records written during the iteration may or may not be seen. A torn tail (a partial last
   * record) ends its segment silently; a corrupt record throws {@link CorruptRecordException} from
   * {@code next()}/{@code hasNext()} or, when skipping is enabled, is skipped and counted.
   *
   * @return a lazy iterator over new heap buffers; close it
   * @throws WalException if the log directory cannot be listed
   */
  CloseableIterator<ByteBuffer> readAll();

  /**
   * Deletes every segment whose records are all older than {@code thresholdTimeMillis}, that is
   * whose end time is at or before it (Spark's {@code clean}). The segment being written is never
   * deleted.
   *
   * @param thresholdTimeMillis epoch milliseconds; records with a time {@code >=} it are kept
   * @param waitForCompletion {@code true} to return after the deletions, {@code false} to run them
   *     on the log's cleaner thread and return at once (failures are then logged)
   * @throws IllegalStateException if the log is closed
   * @throws WalException if {@code waitForCompletion} and a deletion failed after retries
   */
  void clean(long thresholdTimeMillis, boolean waitForCompletion);

  /**
   * Closes the log: completes (syncs) writes already accepted, closes the current segment and
   * stops the log's threads. Idempotent; later writes throw {@link IllegalStateException}.
   *
   * @throws WalException if the final sync or close of the current segment fails
   */
  @Override
  void close();
}

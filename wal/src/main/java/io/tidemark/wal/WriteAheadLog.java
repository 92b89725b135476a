package io.tidemark.wal;

import java.nio.ByteBuffer;

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
   * Reads one record back, checking its CRC (Spark's {@code FileBasedWriteAheadLogRandomReader}).
   *
   * @param handle a handle returned by {@link #write} on this log directory; not {@code null}
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

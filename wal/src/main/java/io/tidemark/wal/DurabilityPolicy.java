package io.tidemark.wal;

/**
 * When {@link WriteAheadLog#write} may return: what a returned write survives.
 *
 * <p>On Hadoop's local file system Tidemark writes through {@code RawLocalFileSystem}, whose
 * {@code hsync} is an {@code fsync} ({@code LocalFileSystem}'s checksumming wrapper is not
 * durable before {@code close}). On HDFS {@code hsync} is called with {@code UPDATE_LENGTH} so
 * that the NameNode's file length follows. Object stores (S3A) have neither: use
 * {@link WalOptions#closeAfterWrite()} there.
 */
public enum DurabilityPolicy {

  /**
   * One {@code hsync} per write, done by the writing thread: a returned write survives a crash of
   * the machine. Concurrent writers queue for the file, so throughput is about the device's sync
   * rate.
   */
  HSYNC,

  /**
   * Concurrent writes are handed to one writer thread that appends every queued record and then
   * syncs once for the whole group (Spark's {@code BatchedWriteAheadLog}, BookKeeper's
   * force-write thread). A write returns when the sync covering its record has completed, so it
   * has {@link #HSYNC}'s guarantee; throughput grows with the number of concurrent writers.
   */
  GROUP_COMMIT,

  /**
   * One {@code hflush} per write: the data has left the process (local: in the OS page cache;
   * HDFS: in all DataNodes' memory), so a returned write survives {@code kill -9} of this process
   * but not the loss of the machine (local) or of every replica's machine (HDFS).
   */
  HFLUSH
}

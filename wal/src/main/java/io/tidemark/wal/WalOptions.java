package io.tidemark.wal;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of one write-ahead log: an immutable value, built from {@link #defaults()} with the
 * {@code with…} methods.
 *
 * @param rollingInterval how much record time one segment covers: a write whose time is at or
 *     past the current segment's end starts a new segment (Spark's {@code
 *     spark.streaming.receiver.writeAheadLog.rollingIntervalSecs}); positive, default 60 s
 * @param maxRecordSize the largest payload accepted by {@code write} and believed by a reader, in
 *     bytes; a length field above it is corruption and is rejected before any allocation; 1 to
 *     {@link #MAX_RECORD_SIZE_LIMIT}, default 64 MiB
 * @param durability when a write may return; default {@link DurabilityPolicy#HSYNC}
 * @param closeAfterWrite for stores without append or flush (S3A): every write (or, under {@link
 *     DurabilityPolicy#GROUP_COMMIT}, every group) becomes a new segment that is closed before
 *     the write returns, so the close is what makes it durable; the rolling interval is then
 *     unused; default {@code false}
 * @param maxRetries how many times a failed append or delete is retried after an {@link
 *     java.io.IOException} before the caller gets a {@link WalException}; {@code >= 0}, default 3
 * @param retryBaseDelay the wait before the first retry, doubled for each further one; not
 *     negative, default 100 ms
 * @param skipCorruptRecords when {@code true}, readers skip a corrupt record (counting it) instead
 *     of throwing {@link CorruptRecordException}; default {@code false}
 * @param maxBytesInFlight under {@link DurabilityPolicy#GROUP_COMMIT}, the most bytes (payload
 *     plus the 8-byte frame header of each record) accepted by {@code writeAsync}/{@code write}/
 *     {@code writeAll} and not yet synced; a call that would exceed it blocks until a group is
 *     synced (back-pressure; one call larger than the limit is admitted when nothing else is in
 *     flight); {@code >= 1}, default 64 MiB. Unused by the other policies, whose writes complete
 *     before the call returns
 */
public record WalOptions(
    Duration rollingInterval,
    int maxRecordSize,
    DurabilityPolicy durability,
    boolean closeAfterWrite,
    int maxRetries,
    Duration retryBaseDelay,
    boolean skipCorruptRecords,
    long maxBytesInFlight) {

  /** The largest value accepted for {@link #maxRecordSize()}: 1 GiB. */
  public static final int MAX_RECORD_SIZE_LIMIT = 1 << 30;

  /**
   * Checks the components.
   *
   * @param rollingInterval see the record component
   * @param maxRecordSize see the record component
   * @param durability see the record component
   * @param closeAfterWrite see the record component
   * @param maxRetries see the record component
   * @param retryBaseDelay see the record component
   * @param skipCorruptRecords see the record component
   * @param maxBytesInFlight see the record component
   * @throws NullPointerException if a {@code Duration} or {@code durability} is {@code null}
   * @throws IllegalArgumentException if a value is out of the range documented above
   */
  public WalOptions {
    Objects.requireNonNull(rollingInterval, "rollingInterval");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(retryBaseDelay, "retryBaseDelay");
    if (rollingInterval.isNegative() || rollingInterval.isZero()) {
      throw new IllegalArgumentException("rollingInterval must be positive: " + rollingInterval);
    }
    if (maxRecordSize < 1 || maxRecordSize > MAX_RECORD_SIZE_LIMIT) {
      throw new IllegalArgumentException(
          "maxRecordSize must be in [1, " + MAX_RECORD_SIZE_LIMIT + "]: " + maxRecordSize);
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries < 0: " + maxRetries);
    }
    if (retryBaseDelay.isNegative()) {
      throw new IllegalArgumentException("retryBaseDelay is negative: " + retryBaseDelay);
    }
    if (maxBytesInFlight < 1) {
      throw new IllegalArgumentException("maxBytesInFlight < 1: " + maxBytesInFlight);
    }
  }

  /**
   * Returns the defaults: 60 s rolling, 64 MiB records, {@code HSYNC}, appending segments, 3
   * retries from 100 ms, corrupt records rejected, 64 MiB in flight.
   *
   * @return the default options
   */
  public static WalOptions defaults() {
    return new WalOptions(
        Duration.ofSeconds(60),
        64 << 20,
        DurabilityPolicy.HSYNC,
        false,
        3,
        Duration.ofMillis(100),
        false,
        64L << 20);
  }

  /**
   * Returns a copy with another rolling interval.
   *
   * @param interval positive
   * @return the new options
   */
  public WalOptions withRollingInterval(Duration interval) {
    return new WalOptions(interval, maxRecordSize, durability, closeAfterWrite, maxRetries,
        retryBaseDelay, skipCorruptRecords, maxBytesInFlight);
  }

  /**
   * Returns a copy with another maximum record size.
   *
   * @param bytes 1 to {@link #MAX_RECORD_SIZE_LIMIT}
   * @return the new options
   */
  public WalOptions withMaxRecordSize(int bytes) {
    return new WalOptions(rollingInterval, bytes, durability, closeAfterWrite, maxRetries,
        retryBaseDelay, skipCorruptRecords, maxBytesInFlight);
  }

  /**
   * Returns a copy with another durability policy.
   *
   * @param policy not {@code null}
   * @return the new options
   */
  public WalOptions withDurability(DurabilityPolicy policy) {
    return new WalOptions(rollingInterval, maxRecordSize, policy, closeAfterWrite, maxRetries,
        retryBaseDelay, skipCorruptRecords, maxBytesInFlight);
  }

  /**
   * Returns a copy with close-after-write mode on or off.
   *
   * @param enabled whether every write (or group) becomes its own closed segment
   * @return the new options
   */
  public WalOptions withCloseAfterWrite(boolean enabled) {
    return new WalOptions(rollingInterval, maxRecordSize, durability, enabled, maxRetries,
        retryBaseDelay, skipCorruptRecords, maxBytesInFlight);
  }

  /**
   * Returns a copy with another retry policy.
   *
   * @param retries retries after the first attempt, {@code >= 0}
   * @param baseDelay the first wait, doubled per retry; not negative
   * @return the new options
   */
  public WalOptions withRetries(int retries, Duration baseDelay) {
    return new WalOptions(rollingInterval, maxRecordSize, durability, closeAfterWrite, retries,
        baseDelay, skipCorruptRecords, maxBytesInFlight);
  }

  /**
   * Returns a copy that skips or rejects corrupt records.
   *
   * @param skip {@code true} to skip and count corrupt records while reading
   * @return the new options
   */
  public WalOptions withSkipCorruptRecords(boolean skip) {
    return new WalOptions(rollingInterval, maxRecordSize, durability, closeAfterWrite, maxRetries,
        retryBaseDelay, skip, maxBytesInFlight);
  }

  /**
   * Returns a copy with another back-pressure limit for group commit.
   *
   * @param bytes the most payload + frame-header bytes in flight, {@code >= 1}
   * @return the new options
   */
  public WalOptions withMaxBytesInFlight(long bytes) {
    return new WalOptions(rollingInterval, maxRecordSize, durability, closeAfterWrite, maxRetries,
        retryBaseDelay, skipCorruptRecords, bytes);
  }
}

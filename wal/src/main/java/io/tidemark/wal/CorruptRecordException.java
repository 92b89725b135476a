package io.tidemark.wal;

import java.util.Objects;

/**
 * A record inside a segment that fails its check: a CRC32C mismatch, a length that is negative
 * or above the log's maximum record size, or a record that disagrees with the
 * {@link RecordHandle} used to read it.
 *
 * <p>A partial record at the very end of a segment (a torn tail, as a {@code kill -9} during a
 * write leaves it) is <em>not</em> corruption: readers stop there silently. This exception means
 * data that was once complete has changed, so it is never retried.
 */
public final class CorruptRecordException extends WalException {

  private static final long serialVersionUID = 1L;

  private final long offset;

  /**
   * Creates the exception.
   *
   * @param reason what is wrong with the record, never {@code null}
   * @param file the qualified path of the segment, never {@code null}
   * @param offset the byte offset in the segment of the bad record's frame, {@code >= 0}
   */
  public CorruptRecordException(String reason, String file, long offset) {
    super(
        "Corrupt record at byte offset " + offset + ": " + reason,
        Objects.requireNonNull(file, "file"),
        null);
    this.offset = offset;
  }

  /**
   * Returns where the bad record starts.
   *
   * @return the byte offset of the bad record's frame in {@link #file()}
   */
  public long offset() {
    return offset;
  }
}

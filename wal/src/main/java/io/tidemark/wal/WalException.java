package io.tidemark.wal;

import java.util.Optional;

/**
 * The unchecked exception of the write-ahead log: an I/O failure of the underlying storage,
 * wrapped once with the file it concerns, or (through its subclasses) a file whose content the log
 * cannot accept.
 *
 * <p>The hierarchy is closed: {@link CorruptRecordException} (a bad record at a known byte
 * offset) and {@link UnreadableSegmentException} (a file that is not a segment of a format this
 * code understands). Anything else is a plain {@code WalException} whose {@linkplain #getCause()
 * cause} is usually the {@link java.io.IOException} that remained after the log's retries.
 */
public sealed class WalException extends RuntimeException
    permits CorruptRecordException, UnreadableSegmentException {

  private static final long serialVersionUID = 1L;

  private final String file;

  /**
   * Creates an exception about {@code file}.
   *
   * @param message what failed, never {@code null}
   * @param file the file (qualified path) concerned, or {@code null} if none
   * @param cause the underlying failure, or {@code null}
   */
  public WalException(String message, String file, Throwable cause) {
    super(file == null ? message : message + " [file " + file + "]", cause);
    this.file = file;
  }

  /**
   * Returns the file this failure concerns.
   *
   * @return the qualified path of the file, or empty when the failure concerns no single file
   */
  public Optional<String> file() {
    return Optional.ofNullable(file);
  }
}

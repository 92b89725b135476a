package io.tidemark.wal;

import java.util.Objects;

/**
 * A file in the log directory named like a segment whose header this code does not accept: a
 * foreign file (wrong magic number) or a segment written in a newer format version.
 *
 * <p>The log refuses such a file rather than guessing; move it away or upgrade Tidemark.
 */
public final class UnreadableSegmentException extends WalException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param reason what is wrong with the header, never {@code null}
   * @param file the qualified path of the file, never {@code null}
   */
  public UnreadableSegmentException(String reason, String file) {
    super("Not a readable write-ahead log segment: " + reason, Objects.requireNonNull(file), null);
  }
}

package io.tidemark.checkpoint;

/**
 * A file that is not a checkpoint file this version can read: a <em>foreign</em> file (its magic
 * number is not the expected one) or a file of a <em>future</em> format version, written by a
 * newer Tidemark. The message names the file, what was found and what was expected.
 */
public class UnsupportedCheckpointFileException extends CorruptCheckpointFileException {
  private static final long serialVersionUID = 1L;

  /** Which of the two cases. */
  public enum Kind {
    /** The magic number is not this format's: another program's file, or a damaged header. */
    FOREIGN,
    /** The frame is intact (CRC32C passes) but the format version is newer than this reader's. */
    FUTURE_VERSION
  }

  private final Kind kind;

  /**
   * @param file the file; never {@code null}
   * @param kind foreign or future version; never {@code null}
   * @param reason what was found and expected; never {@code null}
   */
  public UnsupportedCheckpointFileException(String file, Kind kind, String reason) {
    super(file, reason);
    this.kind = kind;
  }

  /** Whether the file is foreign or of a future format version. */
  public Kind kind() {
    return kind;
  }
}

package io.tidemark.checkpoint;

/**
 * A checkpoint file of this format that cannot be trusted: empty, truncated, a length out of
 * bounds, a CRC32C mismatch, or a payload that does not parse. Readers skip such files where an
 * older one can be used instead (see {@link MetadataCheckpointReader}).
 */
public class CorruptCheckpointFileException extends CheckpointException {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final String reason;

  /**
   * @param file the file, as a string (a Hadoop path); never {@code null}
   * @param reason what is wrong, e.g. {@code "CRC32C mismatch"}; never {@code null}
   */
  public CorruptCheckpointFileException(String file, String reason) {
    super(file + ": " + reason);
    this.file = file;
    this.reason = reason;
  }

  /** The file, as a Hadoop path string. */
  public String file() {
    return file;
  }

  /** What is wrong, without the file name. */
  public String reason() {
    return reason;
  }
}

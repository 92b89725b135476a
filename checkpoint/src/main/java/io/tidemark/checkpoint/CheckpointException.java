package io.tidemark.checkpoint;

/**
 * A checkpoint operation failed: the storage failed, or a file is unusable. The message names
 * the file or directory and the operation.
 */
public class CheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message naming the file and operation. */
  public CheckpointException(String message) {
    super(message);
  }

  /** With a message naming the file and operation, and the cause (often an {@code IOException}). */
  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}

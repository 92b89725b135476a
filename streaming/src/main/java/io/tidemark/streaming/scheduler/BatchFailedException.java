package io.tidemark.streaming.scheduler;

/** A batch's job failed; {@code StreamingContext.awaitTermination} throws it. */
public class BatchFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BatchFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.tidemark.streaming.scheduler;

/** A task of a batch failed; the cause is the user's or the engine's exception. */
public class TaskFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TaskFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}

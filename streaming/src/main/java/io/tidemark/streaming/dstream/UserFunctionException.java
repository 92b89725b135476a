package io.tidemark.streaming.dstream;

/** A user function threw a checked exception; the message names the operator. */
public class UserFunctionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserFunctionException(String message, Throwable cause) {
    super(message, cause);
  }
}

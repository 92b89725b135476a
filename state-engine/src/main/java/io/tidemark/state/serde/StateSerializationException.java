package io.tidemark.state.serde;

/**
 * An unchecked error turning bytes into a state value or a value into bytes: malformed or
 * truncated bytes, bytes written with another {@link KryoRegistry}, an object graph deeper than
 * the serde allows, or a value Kryo cannot write. (An unregistered class is an
 * {@link IllegalArgumentException} instead: it is a programming error with a known fix.)
 */
public class StateSerializationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a message saying what was being (de)serialised and why it failed. */
  public StateSerializationException(String message) {
    super(message);
  }

  /** As {@link #StateSerializationException(String)}, with the underlying cause. */
  public StateSerializationException(String message, Throwable cause) {
    super(message, cause);
  }
}

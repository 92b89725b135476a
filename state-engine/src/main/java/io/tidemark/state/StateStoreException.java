package io.tidemark.state;

/**
 * An unchecked error of a state store, naming the store (operator uid and partition) and the
 * operation that failed. Native errors (e.g. {@code RocksDBException}) are wrapped once, here.
 */
public class StateStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error whose message names the store and the operation. */
  public StateStoreException(String message) {
    super(message);
  }

  /** As {@link #StateStoreException(String)}, wrapping the native {@code cause}. */
  public StateStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

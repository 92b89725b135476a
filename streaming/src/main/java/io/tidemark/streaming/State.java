package io.tidemark.streaming;

import java.util.Optional;

/**
 * The state of one key inside a {@link StateSpec} mapping function, as Spark's {@code State}:
 * read it with {@link #exists()}/{@link #get()}, change it with {@link #update} or
 * {@link #remove()}. When the key times out the function is called once more with no value
 * and {@link #isTimingOut()} true; the state is then removed after the call.
 *
 * <p>Valid only during the call it is passed to; not thread-safe.
 *
 * @param <S> state type; must be registered with Kryo
 */
public interface State<S> {

  /** Whether the key has state. */
  boolean exists();

  /**
   * The state.
   *
   * @throws java.util.NoSuchElementException if the state does not exist
   */
  S get();

  /** The state if it exists. */
  default Optional<S> getOption() {
    return exists() ? Optional.of(get()) : Optional.empty();
  }

  /**
   * Sets the state to {@code newState}.
   *
   * @throws IllegalArgumentException if {@code newState} is null, or the state is timing out
   *     or was removed in this call
   */
  void update(S newState);

  /**
   * Removes the state.
   *
   * @throws IllegalArgumentException if the state is timing out or already removed
   */
  void remove();

  /** Whether this call is the last one for a key whose state timed out. */
  boolean isTimingOut();
}

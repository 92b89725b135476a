package io.tidemark.streaming.dstream;

import io.tidemark.streaming.State;
import java.util.NoSuchElementException;

/** The {@link State} handed to a mapWithState function for one key in one batch. */
final class StateImpl<S> implements State<S> {
  private S value;
  private boolean exists;
  private boolean updated;
  private boolean removed;
  private final boolean timingOut;

  StateImpl(S value, boolean exists, boolean timingOut) {
    this.value = value;
    this.exists = exists;
    this.timingOut = timingOut;
  }

  @Override
  public boolean exists() {
    return exists;
  }

  @Override
  public S get() {
    if (!exists) {
      throw new NoSuchElementException("the state does not exist");
    }
    return value;
  }

  @Override
  public void update(S newState) {
    if (newState == null) {
      throw new IllegalArgumentException("cannot update the state to null; use remove()");
    }
    if (timingOut) {
      throw new IllegalArgumentException("cannot update the state of a key that is timing out");
    }
    if (removed) {
      throw new IllegalArgumentException("cannot update the state after it was removed in the same call");
    }
    value = newState;
    exists = true;
    updated = true;
  }

  @Override
  public void remove() {
    if (timingOut) {
      throw new IllegalArgumentException("cannot remove the state of a key that is timing out; it is removed after this call");
    }
    if (removed) {
      throw new IllegalArgumentException("the state was already removed");
    }
    value = null;
    exists = false;
    removed = true;
    updated = false;
  }

  @Override
  public boolean isTimingOut() {
    return timingOut;
  }

  boolean isUpdated() {
    return updated;
  }

  boolean isRemoved() {
    return removed;
  }
}

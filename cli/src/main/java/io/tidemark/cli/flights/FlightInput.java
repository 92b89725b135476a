package io.tidemark.cli.flights;

import io.tidemark.streaming.source.ReplayCursor;
import io.tidemark.streaming.source.ReplayInput;
import java.io.IOException;

/**
 * Base of the flight record inputs (one per file format): holds the description, checks the
 * offset, and seeks the cursor a subclass opens by {@link FlightCursor#skipTo}, closing it if
 * seeking fails. Thread-safe to open as long as {@link #openCursor()} is.
 */
abstract class FlightInput implements ReplayInput<FlightRecord> {

  protected final String description;

  FlightInput(String description) {
    this.description = description;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final ReplayCursor<FlightRecord> openAt(long offset) throws IOException {
    FlightCursor.checkOffset(offset);
    return FlightCursor.seek(openCursor(), offset);
  }

  /** Opens a fresh cursor at the start of the input. */
  protected abstract FlightCursor openCursor() throws IOException;

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + description + "]";
  }
}

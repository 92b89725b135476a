package io.tidemark.bench;

import io.tidemark.streaming.source.ReplayCursor;
import java.util.function.LongUnaryOperator;

/**
 * An endless cursor of generated keys: the record at offset {@code n} is {@code keyAt(n)}, so a
 * synthetic input is replayable from any offset at no cost. Not thread-safe.
 */
public final class KeyCursor implements ReplayCursor<Long> {
  private final LongUnaryOperator keyAt;
  private long position;

  /** A cursor whose first {@link #next()} is {@code keyAt(offset)}. */
  public KeyCursor(long offset, LongUnaryOperator keyAt) {
    this.position = offset;
    this.keyAt = keyAt;
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public Long next() {
    return keyAt.applyAsLong(position++);
  }

  @Override
  public void close() {}
}

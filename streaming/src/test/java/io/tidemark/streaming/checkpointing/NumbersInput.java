package io.tidemark.streaming.checkpointing;

import io.tidemark.streaming.source.ReplayCursor;
import io.tidemark.streaming.source.ReplayInput;

/** The records 0..size-1, re-readable from any offset. */
final class NumbersInput implements ReplayInput<Long> {
  private final long size;

  NumbersInput(long size) {
    this.size = size;
  }

  @Override
  public String description() {
    return "numbers(" + size + ")";
  }

  @Override
  public ReplayCursor<Long> openAt(long offset) {
    return new ReplayCursor<>() {
      long pos = Math.min(offset, size);

      @Override
      public long position() {
        return pos;
      }

      @Override
      public Long next() {
        return pos < size ? pos++ : null;
      }

      @Override
      public void close() {}
    };
  }
}

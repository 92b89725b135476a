package io.tidemark.streaming;

import io.tidemark.streaming.source.ReplayCursor;
import io.tidemark.streaming.source.ReplayInput;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The records {@code 0..size-1}, re-readable from any offset; remembers every offset a cursor was
 * opened at, and on which thread.
 */
public final class SequenceInput implements ReplayInput<Long> {
  private final long size;
  private final List<Long> opens = new CopyOnWriteArrayList<>();
  private final List<String> openingThreads = new CopyOnWriteArrayList<>();

  public SequenceInput(long size) {
    this.size = size;
  }

  /** Offsets cursors were opened at, in order. */
  public List<Long> opens() {
    return opens;
  }

  /** Names of the threads that opened the cursors of {@link #opens()}, in the same order. */
  public List<String> openingThreads() {
    return openingThreads;
  }

  @Override
  public String description() {
    return "sequence(" + size + ")";
  }

  @Override
  public ReplayCursor<Long> openAt(long offset) {
    openingThreads.add(Thread.currentThread().getName());
    opens.add(offset);
    return new ReplayCursor<>() {
      private long pos = Math.min(offset, size);

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

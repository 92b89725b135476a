package io.tidemark.streaming.dstream;

import io.tidemark.streaming.Time;
import java.util.List;

/**
 * A source of data: before any job of a batch time runs, the JobGenerator asks every input to
 * {@link #allocate} its data of that time (receiver blocks, an offset range, new files), so
 * that the batch's input is fixed — and, with the WAL and checkpoints, re-readable — before
 * it is computed. Spark's {@code InputDStream}.
 */
public abstract class InputNode<T> extends StreamNode<T> {

  protected InputNode(DStreamGraph graph) {
    super(graph);
  }

  @Override
  public final List<StreamNode<?>> dependencies() {
    return List.of();
  }

  /**
   * Fixes this input's data of batch {@code time}; called once per batch time, in order, by
   * the JobGenerator thread.
   *
   * @return number of records allocated to the batch (for status and rate reporting)
   */
  public abstract long allocate(Time time);

  /**
   * Records this input delivered to the computed batch of {@code time}; by default what was
   * allocated. Called after the batch's jobs ran.
   */
  public long recordsIn(Time time, long allocated) {
    return allocated;
  }

  /** Whether this input will never produce more data (a finite source read to its end). */
  public boolean isExhausted() {
    return false;
  }

  /**
   * What a restart needs to read this input's batches again: for a direct source, the
   * allocation (e.g. offset range) of every batch time it still remembers and where the next
   * batch starts. Written into every metadata checkpoint; empty for inputs whose position lives
   * elsewhere (receivers: the tracker's log) or that cannot be replayed (queues).
   */
  public byte[] checkpointPosition() {
    return new byte[0];
  }

  /**
   * Restores what {@link #checkpointPosition()} returned in an earlier run; called once before
   * start when resuming.
   *
   * @throws IllegalArgumentException if the bytes are not a position of this kind of input
   */
  public void restorePosition(byte[] position) {}

  /** Whether this input can read a batch again after a restart (queues cannot). */
  public boolean isReplayable() {
    return true;
  }

  /** Stops receiving new data (receivers flush their last block); for a graceful stop. */
  public void stopReceiving() {}

  /** Whether data received before {@link #stopReceiving()} is still waiting to be allocated. */
  public boolean hasUnallocatedData() {
    return false;
  }
}

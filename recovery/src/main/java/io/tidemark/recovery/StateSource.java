package io.tidemark.recovery;

/**
 * Where a restarted job takes one stateful operator's state from. A closed set:
 * {@link Local}, {@link DataCheckpoint} or {@link Empty}.
 */
public sealed interface StateSource {

  /** The version (batch time, ms) the operator's state will be at after loading; -1 for empty. */
  long version();

  /**
   * The local stores, as they are (the fast path after a process crash): every partition is at
   * a committed version {@code >=} {@code version} (the lowest of them).
   */
  record Local(long version) implements StateSource {}

  /** Download the data checkpoint of {@code version} and restore every partition from it. */
  record DataCheckpoint(long version) implements StateSource {}

  /** No state: the operator is new, or nothing was ever committed or checkpointed. */
  record Empty() implements StateSource {
    @Override
    public long version() {
      return -1L;
    }
  }
}

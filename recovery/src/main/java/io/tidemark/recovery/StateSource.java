package io.tidemark.recovery;

/**
 * Where a restarted job takes one stateful operator's state from. A closed set:
 * {@link Local}, {@link DataCheckpoint} or {@link Empty}. {@code toString} is the phrase the
 * restart's log prints (and not a record's generated one, which bootstraps {@code ObjectMethods}
 * on the restart's path).
 */
public sealed interface StateSource {

  /** The version (batch time, ms) the operator's state will be at after loading; -1 for empty. */
  long version();

  /**
   * The local stores, as they are (the fast path after a process crash): every partition is at
   * a committed version {@code >=} {@code version} (the lowest of them).
   */
  record Local(long version) implements StateSource {
    @Override
    public String toString() {
      return "the local stores (version " + version + ")";
    }
  }

  /** Download the data checkpoint of {@code version} and restore every partition from it. */
  record DataCheckpoint(long version) implements StateSource {
    @Override
    public String toString() {
      return "data checkpoint " + version;
    }
  }

  /** No state: the operator is new, or nothing was ever committed or checkpointed. */
  record Empty() implements StateSource {
    @Override
    public long version() {
      return -1L;
    }

    @Override
    public String toString() {
      return "nothing (empty state)";
    }
  }
}

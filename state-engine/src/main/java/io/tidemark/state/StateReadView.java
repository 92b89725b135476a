package io.tidemark.state;

/**
 * An immutable view of a {@link StateStore} as of one committed state version: later commits
 * to the store do not change what this view returns. Taken by {@link StateStore#readView()}.
 *
 * <p>Thread-safe: several threads may read and iterate one view at once. {@link #close()} is
 * idempotent and releases the view (for RocksDB, its snapshot); reading a closed view throws
 * {@link IllegalStateException}.
 */
public interface StateReadView extends AutoCloseable {

  /** The state version (batch time in milliseconds) this view shows. */
  long version();

  /** Exact number of keys in this view. */
  long numKeys();

  /** The value of {@code key} in {@code keyGroup}, or {@code null} if absent. */
  byte[] get(int keyGroup, byte[] key);

  /** All entries of the view, in (key group, key) order. */
  StateIterator iterator();

  @Override
  void close();
}

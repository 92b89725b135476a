package io.tidemark.state;

/**
 * The updates of one batch to one {@link StateStore}, applied atomically by
 * {@link StateStore#commit(StateWriteBatch, long, long)}. Buffers in memory (for RocksDB, a
 * native {@code WriteBatch}); nothing is visible before commit.
 *
 * <p>Not thread-safe: one task fills one batch. {@link #close()} is idempotent; a batch is
 * single-use and closed by commit.
 */
public interface StateWriteBatch extends AutoCloseable {

  /** Sets {@code key} in {@code keyGroup} to {@code value}. Arrays are copied. */
  void put(int keyGroup, byte[] key, byte[] value);

  /** Removes {@code key} from {@code keyGroup}; removing an absent key is a no-op. */
  void delete(int keyGroup, byte[] key);

  /** Number of put and delete operations buffered. */
  int size();

  @Override
  void close();
}

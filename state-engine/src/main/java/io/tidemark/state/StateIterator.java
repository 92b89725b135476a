package io.tidemark.state;

/**
 * A forward cursor over the entries of a {@link StateReadView}, in ascending order of
 * (key group, key bytes) compared as unsigned bytes.
 *
 * <p>Usage: {@code while (it.next()) { it.keyGroup(); it.key(); it.value(); }}. The arrays
 * returned by {@link #key()} and {@link #value()} belong to the caller (fresh copies). Not
 * thread-safe. {@link #close()} is idempotent and must be called to release native resources.
 */
public interface StateIterator extends AutoCloseable {

  /** Advances to the next entry; returns {@code false} when there is none. */
  boolean next();

  /** Key group of the current entry. @throws IllegalStateException before the first next() */
  int keyGroup();

  /** Serialised key of the current entry (without the key group prefix). */
  byte[] key();

  /** Serialised value of the current entry. */
  byte[] value();

  @Override
  void close();
}

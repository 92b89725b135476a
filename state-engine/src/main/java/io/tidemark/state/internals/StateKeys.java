package io.tidemark.state.internals;

import io.tidemark.state.KeyGroupRange;
import java.util.Objects;

/**
 * The stored form of a state key, shared by both stores so they iterate in the same order:
 * a 2-byte big-endian key group followed by the serialised key. Compared as unsigned bytes
 * (RocksDB's bytewise comparator), this orders entries by key group, then by key bytes.
 */
final class StateKeys {
  static final int PREFIX_BYTES = 2;

  private StateKeys() {}

  /** The stored key of {@code key} in {@code keyGroup}; a fresh array. */
  static byte[] encode(int keyGroup, byte[] key) {
    byte[] stored = new byte[PREFIX_BYTES + key.length];
    stored[0] = (byte) (keyGroup >>> 8);
    stored[1] = (byte) keyGroup;
    System.arraycopy(key, 0, stored, PREFIX_BYTES, key.length);
    return stored;
  }

  /** The 2-byte prefix that starts every stored key of {@code keyGroup}. */
  static byte[] prefix(int keyGroup) {
    return new byte[] {(byte) (keyGroup >>> 8), (byte) keyGroup};
  }

  /** The key group of a stored key. */
  static int keyGroup(byte[] stored) {
    return (stored[0] & 0xff) << 8 | (stored[1] & 0xff);
  }

  /** The serialised key of a stored key, without the prefix; a fresh array. */
  static byte[] key(byte[] stored) {
    byte[] key = new byte[stored.length - PREFIX_BYTES];
    System.arraycopy(stored, PREFIX_BYTES, key, 0, key.length);
    return key;
  }

  /**
   * Checks a key (and value, for a put) against the store's key groups.
   *
   * @throws IllegalArgumentException if {@code keyGroup} is outside {@code range}
   * @throws NullPointerException if {@code key} is null
   */
  static void check(String storeName, KeyGroupRange range, int keyGroup, byte[] key) {
    Objects.requireNonNull(key, "key");
    if (!range.contains(keyGroup)) {
      throw new IllegalArgumentException(
          "key group " + keyGroup + " is outside the key groups " + range + " of " + storeName);
    }
  }
}

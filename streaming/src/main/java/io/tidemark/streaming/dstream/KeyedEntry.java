package io.tidemark.streaming.dstream;

import io.tidemark.state.KeyGroupAssignment;
import java.util.Arrays;
import java.util.Comparator;

/**
 * A key with its serialised bytes and key group, and a value combined per key inside one
 * batch: what a shuffle hands to a keyed operator, so that each distinct key is serialised
 * once per input partition and never again before it reaches the state store.
 */
public final class KeyedEntry<K, C> {
  /**
   * Orders entries as the state store orders keys: key group, then unsigned key bytes. Most
   * comparisons are decided by {@link #orderPrefix} alone, without reading the key bytes: sorting
   * the 250,000 entries of a partition spent most of its time on cache misses into them.
   */
  public static final Comparator<KeyedEntry<?, ?>> STATE_ORDER = (a, b) -> {
    int c = Long.compareUnsigned(a.orderPrefix, b.orderPrefix);
    return c != 0 ? c : Arrays.compareUnsigned(a.keyBytes, b.keyBytes);
  };

  private static final int PREFIX_KEY_BYTES = 6;

  static {
    // the key group takes the 16 bits above the key bytes' 48
    if (KeyGroupAssignment.MAX_NUM_KEY_GROUPS > 1 << 16) {
      throw new AssertionError("key groups do not fit in 16 bits");
    }
  }

  public final K key;
  public final byte[] keyBytes;
  public final int keyGroup;
  public C value;
  /**
   * The key group in the top 16 bits, then the first 6 key bytes (zero-padded): unsigned order
   * of two prefixes agrees with {@link #STATE_ORDER} wherever they differ.
   */
  private final long orderPrefix;

  public KeyedEntry(K key, byte[] keyBytes, int keyGroup, C value) {
    this.key = key;
    this.keyBytes = keyBytes;
    this.keyGroup = keyGroup;
    this.value = value;
    long prefix = keyGroup;
    for (int i = 0; i < PREFIX_KEY_BYTES; i++) {
      prefix = (prefix << 8) | (i < keyBytes.length ? keyBytes[i] & 0xFF : 0);
    }
    this.orderPrefix = prefix;
  }

  private KeyedEntry(KeyedEntry<K, ?> of, C value) {
    this.key = of.key;
    this.keyBytes = of.keyBytes;
    this.keyGroup = of.keyGroup;
    this.orderPrefix = of.orderPrefix;
    this.value = value;
  }

  /** The same key (its bytes shared, not copied) with another value. */
  public <D> KeyedEntry<K, D> withValue(D newValue) {
    return new KeyedEntry<>(this, newValue);
  }
}

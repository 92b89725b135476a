package io.tidemark.streaming.dstream;

import java.util.Arrays;
import java.util.Comparator;

/**
 * A key with its serialised bytes and key group, and a value combined per key inside one
 * batch: what a shuffle hands to a keyed operator, so that each distinct key is serialised
 * once per input partition and never again before it reaches the state store.
 */
public final class KeyedEntry<K, C> {
  /** Orders entries as the state store orders keys: key group, then unsigned key bytes. */
  public static final Comparator<KeyedEntry<?, ?>> STATE_ORDER =
      Comparator.<KeyedEntry<?, ?>>comparingInt(e -> e.keyGroup)
          .thenComparing((a, b) -> Arrays.compareUnsigned(a.keyBytes, b.keyBytes));

  public final K key;
  public final byte[] keyBytes;
  public final int keyGroup;
  public C value;

  public KeyedEntry(K key, byte[] keyBytes, int keyGroup, C value) {
    this.key = key;
    this.keyBytes = keyBytes;
    this.keyGroup = keyGroup;
    this.value = value;
  }
}

package io.tidemark.bench.restart;

import io.tidemark.bench.KeyCursor;
import io.tidemark.streaming.source.ReplayCursor;
import io.tidemark.streaming.source.ReplayInput;

/**
 * An endless, re-readable sequence of {@code long} keys: offsets {@code 0..keys-1} are the keys
 * themselves (every key once, so the first {@code keys} records build {@code keys} entries of
 * state), and every later offset is an existing key chosen by a fixed hash of the offset (so a
 * batch after the load updates keys spread over the whole key space, as a real stream would).
 *
 * <p>The input never ends: a replay source only learns its end by reading past it, and an end
 * recorded in the checkpoint would make every batch after the restart empty.
 */
final class KeySpaceInput implements ReplayInput<Long> {
  private final long keys;

  KeySpaceInput(long keys) {
    if (keys < 1) {
      throw new IllegalArgumentException("keys must be >= 1: " + keys);
    }
    this.keys = keys;
  }

  /** The key at {@code offset}. */
  long keyAt(long offset) {
    if (offset < keys) {
      return offset;
    }
    long h = offset * 0x9E3779B97F4A7C15L;
    h ^= h >>> 31;
    return Math.floorMod(h, keys);
  }

  @Override
  public String description() {
    return "key space of " + keys + " keys";
  }

  @Override
  public ReplayCursor<Long> openAt(long offset) {
    return new KeyCursor(offset, this::keyAt);
  }
}

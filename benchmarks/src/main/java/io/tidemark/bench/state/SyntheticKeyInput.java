package io.tidemark.bench.state;

import io.tidemark.bench.KeyCursor;
import io.tidemark.streaming.source.ReplayCursor;
import io.tidemark.streaming.source.ReplayInput;

/**
 * An endless, re-readable stream of {@code long} keys whose state grows to {@code keys} entries
 * and then stays there: offset {@code o < keys} is the new key {@code o} (the growth: every record
 * creates its key's state), and every later record is an existing key drawn from the
 * distribution over all {@code keys} keys (every record updates a key's state). Growing by
 * inserts alone halves the records needed to reach 100 M keys (an earlier version mixed in one
 * update per insert, which took 200 M records, too long for one row of the benchmark).
 */
final class SyntheticKeyInput implements ReplayInput<Long> {
  private final long keys;
  private final KeyDistribution distribution;

  SyntheticKeyInput(long keys, KeyDistribution distribution) {
    if (keys < 1) {
      throw new IllegalArgumentException("keys must be >= 1: " + keys);
    }
    this.keys = keys;
    this.distribution = distribution;
  }

  /** Records until the state holds every key. */
  long growthRecords() {
    return keys;
  }

  /** The key at {@code offset}. */
  long keyAt(long offset) {
    if (offset < keys) {
      return offset;
    }
    long h = offset * 0x9E3779B97F4A7C15L;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    return distribution.pick(h, keys);
  }

  @Override
  public String description() {
    return distribution.label() + " stream over " + keys + " keys";
  }

  @Override
  public ReplayCursor<Long> openAt(long offset) {
    return new KeyCursor(offset, this::keyAt);
  }
}

package io.tidemark.bench.state;

import io.tidemark.bench.KeyCursor;
import io.tidemark.streaming.source.ReplayCursor;
import io.tidemark.streaming.source.ReplayInput;

/**
 * An endless, re-readable stream of {@code long} keys whose state grows to {@code keys} entries
 * and then stays there. While growing (offsets below {@code 2·keys}) every even offset {@code o}
 * is the new key {@code o/2} and every odd one an existing key drawn from the distribution over
 * the keys so far; afterwards every record is a draw over all {@code keys} keys. So a batch during
 * the growth is half inserts, half updates, and each later batch is all updates.
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
    return 2 * keys;
  }

  /** The key at {@code offset}. */
  long keyAt(long offset) {
    if (offset < growthRecords() && (offset & 1) == 0) {
      return offset >>> 1;
    }
    long existing = Math.min(keys, (offset >>> 1) + 1);
    long h = offset * 0x9E3779B97F4A7C15L;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    return distribution.pick(h, existing);
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

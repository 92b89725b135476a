package io.tidemark.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.state.KeyGroupRange;
import io.tidemark.state.StateIterator;
import io.tidemark.state.StateReadView;
import io.tidemark.state.StateStore;
import io.tidemark.state.StateWriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.function.LongPredicate;

/**
 * Deterministic state contents for tests: key {@code i} (0 ≤ i < n) in key group
 * {@code i % 128}; its value names the version that last wrote it, so a restored store can be
 * checked against a version exactly.
 */
final class TestStates {
  static final KeyGroupRange ALL = new KeyGroupRange(0, 127);

  private TestStates() {}

  static byte[] key(long i) {
    return String.format("key-%012d", i).getBytes(StandardCharsets.UTF_8);
  }

  static int keyGroup(long i) {
    return (int) (i % 128);
  }

  static byte[] value(long i, long version) {
    return String.format("v%d-%d", version, i).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes key {@code i} for every {@code i < n} accepted by {@code which} with the value of
   * {@code version}, in batches of 100,000, committing version {@code version} at the end.
   */
  static void write(StateStore store, long n, LongPredicate which, long version, long keysAfter) {
    long committed = store.committedVersion();
    StateWriteBatch batch = store.newWriteBatch();
    long inBatch = 0;
    long step = 0;
    for (long i = 0; i < n; i++) {
      if (!which.test(i)) {
        continue;
      }
      batch.put(keyGroup(i), key(i), value(i, version));
      if (++inBatch == 100_000) {
        // Intermediate commits at versions between the previous and the target version.
        long intermediate = Math.max(committed, 0) + (++step);
        if (intermediate >= version) {
          throw new IllegalStateException("too many intermediate commits before " + version);
        }
        store.commit(batch, intermediate, keysAfter);
        committed = intermediate;
        batch = store.newWriteBatch();
        inBatch = 0;
      }
    }
    store.commit(batch, version, keysAfter);
  }

  /** Every 1-in-{@code every} key, the keys a change round touches. */
  static LongPredicate every(long every, long offset) {
    return i -> i % every == offset;
  }

  /**
   * Asserts the store holds exactly keys {@code 0..n-1}, key {@code i} with the value of
   * {@code versionOf.applyAsLong(i)}.
   */
  static void assertContents(StateStore store, long n, java.util.function.LongUnaryOperator versionOf) {
    assertThat(store.numKeys()).isEqualTo(n);
    long count = 0;
    try (StateReadView view = store.readView(); StateIterator it = view.iterator()) {
      while (it.next()) {
        String key = new String(it.key(), StandardCharsets.UTF_8);
        long i = Long.parseLong(key.substring(4));
        assertThat(i).as(key).isLessThan(n);
        assertThat(it.keyGroup()).isEqualTo(keyGroup(i));
        byte[] expected = value(i, versionOf.applyAsLong(i));
        if (!java.util.Arrays.equals(it.value(), expected)) {
          assertThat(new String(it.value(), StandardCharsets.UTF_8)).as("value of " + key)
              .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        }
        count++;
      }
    }
    assertThat(count).isEqualTo(n);
  }
}

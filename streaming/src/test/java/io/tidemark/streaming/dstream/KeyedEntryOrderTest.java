package io.tidemark.streaming.dstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyedEntryOrderTest {
  /** The order the state store keeps: key group, then unsigned key bytes, shorter first on a tie. */
  private static final Comparator<KeyedEntry<?, ?>> REFERENCE =
      Comparator.<KeyedEntry<?, ?>>comparingInt(e -> e.keyGroup)
          .thenComparing((a, b) -> Arrays.compareUnsigned(a.keyBytes, b.keyBytes));

  @Test
  void stateOrderAgreesWithKeyGroupThenUnsignedBytesForEveryPair() {
    Random random = new Random(42);
    List<KeyedEntry<Integer, Integer>> entries = new ArrayList<>();
    // short keys, zero bytes, shared prefixes longer than the 6 bytes of the prefix, high bytes
    for (int i = 0; i < 400; i++) {
      int length = random.nextInt(10);
      byte[] bytes = new byte[length];
      for (int j = 0; j < length; j++) {
        bytes[j] = (byte) (random.nextInt(4) == 0 ? 0 : random.nextInt(4) == 0 ? 0xFF : random.nextInt(3));
      }
      int keyGroup = random.nextInt(3) == 0 ? 32_767 : random.nextInt(3);
      entries.add(new KeyedEntry<>(i, bytes, keyGroup, i));
    }
    for (KeyedEntry<?, ?> a : entries) {
      for (KeyedEntry<?, ?> b : entries) {
        assertThat(Integer.signum(KeyedEntry.STATE_ORDER.compare(a, b)))
            .as("%d/%s against %d/%s", a.keyGroup, Arrays.toString(a.keyBytes), b.keyGroup, Arrays.toString(b.keyBytes))
            .isEqualTo(Integer.signum(REFERENCE.compare(a, b)));
      }
    }
  }
}

package io.tidemark.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The random part of temporary and uploaded file names. */
class UniqueIdTest {

  @Test
  void isAlwaysEightLowercaseHexDigitsAndRarelyRepeats() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = CheckpointStorage.uniqueId();
      assertThat(id).matches("[0-9a-f]{8}"); // zero-padded: one in 16 starts with 0
      seen.add(id);
    }
    // 32 random bits: 10,000 draws repeat with probability ~1 %, more than 2 repeats ~1e-6
    assertThat(seen).hasSizeGreaterThanOrEqualTo(9_998);
  }
}

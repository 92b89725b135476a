package io.tidemark.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyGroupAssignmentTest {

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void murmur3MatchesTheReferenceImplementation() {
    // Pinned: key groups of existing checkpoints depend on these exact values.
    assertThat(Murmur3.hash32(new byte[0], 0, 0, 0)).isZero();
    assertThat(Murmur3.hash32(utf8("hello"), 0, 5, 0)).isEqualTo(0x248bfa47).isEqualTo(613153351);
    assertThat(Murmur3.hash32(new byte[0], 0, 0, 1)).isEqualTo(0x514e28b7);
    assertThat(Murmur3.hash32(utf8("The quick brown fox jumps over the lazy dog"), 0, 43, 0))
        .isEqualTo(0x2e4ff723);
  }

  @Test
  void hashingASliceEqualsHashingItsCopy() {
    byte[] padded = utf8("xxhelloyy");
    assertThat(Murmur3.hash32(padded, 2, 5, 0)).isEqualTo(0x248bfa47);
    assertThat(KeyGroupAssignment.keyGroupFor(padded, 2, 5, 128))
        .isEqualTo(KeyGroupAssignment.keyGroupFor(utf8("hello"), 128));
  }

  @Test
  void keyGroupsAreStableAndInRange() {
    assertThat(KeyGroupAssignment.keyGroupFor(new byte[0], 128)).isZero();
    assertThat(KeyGroupAssignment.keyGroupFor(utf8("hello"), 128)).isEqualTo(613153351 % 128);
    for (int i = 0; i < 10_000; i++) {
      int group = KeyGroupAssignment.keyGroupFor(utf8("key-" + i), 7);
      assertThat(group).isBetween(0, 6);
    }
  }

  /** A negative hash still maps into [0, G): floorMod, not %. */
  @Test
  void negativeHashesMapIntoRange() {
    int negatives = 0;
    for (int i = 0; i < 1000; i++) {
      byte[] key = utf8("n" + i);
      if (Murmur3.hash32(key, 0, key.length, 0) < 0) {
        negatives++;
        assertThat(KeyGroupAssignment.keyGroupFor(key, 128)).isBetween(0, 127);
      }
    }
    assertThat(negatives).isPositive();
  }

  @ParameterizedTest
  @CsvSource({"128,1", "128,2", "128,3", "128,7", "128,128", "1,1", "10,3", "32768,5", "32768,1000"})
  void rangesCoverAllKeyGroupsExactlyOnceInOrder(int numKeyGroups, int parallelism) {
    int next = 0;
    for (int p = 0; p < parallelism; p++) {
      KeyGroupRange range = KeyGroupAssignment.rangeFor(p, numKeyGroups, parallelism);
      assertThat(range.startKeyGroup()).as("partition %d starts where %d ended", p, p - 1)
          .isEqualTo(next);
      assertThat(range.size()).as("balanced").isBetween(numKeyGroups / parallelism,
          numKeyGroups / parallelism + 1);
      next = range.endKeyGroup() + 1;
    }
    assertThat(next).isEqualTo(numKeyGroups);
  }

  @ParameterizedTest
  @CsvSource({"128,1", "128,3", "128,7", "128,128", "10,3", "1000,999"})
  void partitionForAgreesWithRangeFor(int numKeyGroups, int parallelism) {
    for (int group = 0; group < numKeyGroups; group++) {
      int partition = KeyGroupAssignment.partitionFor(group, numKeyGroups, parallelism);
      assertThat(KeyGroupAssignment.rangeFor(partition, numKeyGroups, parallelism).contains(group))
          .as("key group %d -> partition %d", group, partition).isTrue();
    }
  }

  @Test
  void invalidArgumentsAreRejected() {
    assertThatThrownBy(() -> KeyGroupAssignment.keyGroupFor(new byte[1], 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyGroupAssignment.keyGroupFor(new byte[1],
        KeyGroupAssignment.MAX_NUM_KEY_GROUPS + 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyGroupAssignment.partitionFor(0, 128, 129))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyGroupAssignment.rangeFor(3, 128, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keyGroupRangeIsAnInclusiveInterval() {
    KeyGroupRange range = new KeyGroupRange(4, 7);
    assertThat(range.size()).isEqualTo(4);
    assertThat(range.contains(4)).isTrue();
    assertThat(range.contains(7)).isTrue();
    assertThat(range.contains(8)).isFalse();
    assertThat(new KeyGroupRange(5, 4).size()).isZero();
    assertThatThrownBy(() -> new KeyGroupRange(5, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyGroupRange(-1, 3)).isInstanceOf(IllegalArgumentException.class);
  }
}

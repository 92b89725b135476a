package io.tidemark.state;

/**
 * Maps a key's serialised bytes to its key group, and key groups to partitions.
 *
 * <p>The key group of a key is {@code floorMod(murmur3_32(keyBytes, seed 0), numKeyGroups)}:
 * a stable function of the key's <em>serialised bytes</em>, never of {@code Object.hashCode},
 * so it is the same in every JVM and every run, which checkpoints rely on. Partition {@code p}
 * of {@code n} owns the key groups {@code [ceil(p * G / n), ceil((p + 1) * G / n) - 1]} for
 * {@code G} key groups, as Flink's {@code KeyGroupRangeAssignment} does, so rescaling moves whole
 * key groups.
 *
 * <p>All methods are static, pure and thread-safe.
 */
public final class KeyGroupAssignment {

  /** Default number of key groups, the unit of state partitioning and rescaling. */
  public static final int DEFAULT_NUM_KEY_GROUPS = 128;

  /** Upper bound on key groups: a key group is stored as a 2-byte prefix. */
  public static final int MAX_NUM_KEY_GROUPS = 1 << 15;

  private KeyGroupAssignment() {}

  /**
   * Returns the key group of a serialised key.
   *
   * @param keyBytes the key's serialised form; not modified
   * @param numKeyGroups number of key groups, in {@code [1, MAX_NUM_KEY_GROUPS]}
   * @return a key group in {@code [0, numKeyGroups)}
   */
  public static int keyGroupFor(byte[] keyBytes, int numKeyGroups) {
    return keyGroupFor(keyBytes, 0, keyBytes.length, numKeyGroups);
  }

  /** As {@link #keyGroupFor(byte[], int)} over {@code keyBytes[offset, offset + length)}. */
  public static int keyGroupFor(byte[] keyBytes, int offset, int length, int numKeyGroups) {
    checkNumKeyGroups(numKeyGroups);
    return Math.floorMod(Murmur3.hash32(keyBytes, offset, length, 0), numKeyGroups);
  }

  /**
   * Returns the partition that owns {@code keyGroup} when {@code numKeyGroups} key groups are
   * spread over {@code parallelism} partitions.
   */
  public static int partitionFor(int keyGroup, int numKeyGroups, int parallelism) {
    checkNumKeyGroups(numKeyGroups);
    if (parallelism < 1 || parallelism > numKeyGroups) {
      throw new IllegalArgumentException(
          "parallelism " + parallelism + " must be in [1, numKeyGroups=" + numKeyGroups + "]");
    }
    return (int) ((long) keyGroup * parallelism / numKeyGroups);
  }

  /** Returns the range of key groups that partition {@code partition} of {@code parallelism} owns. */
  public static KeyGroupRange rangeFor(int partition, int numKeyGroups, int parallelism) {
    checkNumKeyGroups(numKeyGroups);
    if (partition < 0 || partition >= parallelism) {
      throw new IllegalArgumentException(
          "partition " + partition + " not in [0, " + parallelism + ")");
    }
    int start = (int) ((partition * (long) numKeyGroups + parallelism - 1) / parallelism);
    int end = (int) (((partition + 1) * (long) numKeyGroups + parallelism - 1) / parallelism) - 1;
    return new KeyGroupRange(start, end);
  }

  private static void checkNumKeyGroups(int numKeyGroups) {
    if (numKeyGroups < 1 || numKeyGroups > MAX_NUM_KEY_GROUPS) {
      throw new IllegalArgumentException(
          "numKeyGroups " + numKeyGroups + " not in [1, " + MAX_NUM_KEY_GROUPS + "]");
    }
  }
}

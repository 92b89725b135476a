package io.tidemark.state.internals;

import io.tidemark.state.KeyGroupAssignment;
import io.tidemark.state.KeyGroupRange;
import java.util.Objects;
import java.util.regex.Pattern;

/** Validation of store identities, shared by the backends so both reject the same input. */
final class StoreNames {
  private static final Pattern OPERATOR_UID = Pattern.compile("[A-Za-z0-9._-]+");

  private StoreNames() {}

  /**
   * Validates the arguments of {@code StateBackend.open}.
   *
   * @throws IllegalArgumentException with a message naming the bad argument
   * @throws NullPointerException if an argument is null
   */
  static void checkOpenArguments(String operatorUid, int partition, KeyGroupRange keyGroups) {
    Objects.requireNonNull(operatorUid, "operatorUid");
    Objects.requireNonNull(keyGroups, "keyGroups");
    // The uid names a directory: no separators, nothing a shell or file system treats specially,
    // and never "." or ".." which would escape the backend's base directory.
    if (!OPERATOR_UID.matcher(operatorUid).matches()
        || operatorUid.equals(".") || operatorUid.equals("..")) {
      throw new IllegalArgumentException("invalid operator uid '" + operatorUid
          + "': it must be non-empty and use only letters, digits, '.', '_' and '-'"
          + " (and not be '.' or '..')");
    }
    if (partition < 0) {
      throw new IllegalArgumentException("partition must be >= 0: " + partition);
    }
    if (keyGroups.size() > 0 && keyGroups.endKeyGroup() >= KeyGroupAssignment.MAX_NUM_KEY_GROUPS) {
      throw new IllegalArgumentException("key groups " + keyGroups + " exceed the maximum key group "
          + (KeyGroupAssignment.MAX_NUM_KEY_GROUPS - 1));
    }
  }

  /** The name of a store in messages: {@code operator 'uid' partition n}. */
  static String describe(String backend, String operatorUid, int partition) {
    return backend + " state store (operator '" + operatorUid + "', partition " + partition + ")";
  }

  /**
   * The identity of a store within one backend. {@link #equals} and {@link #hashCode} are written
   * out: a record's generated ones bootstrap {@code ObjectMethods} at their first call, tens of
   * milliseconds when the first store opens.
   */
  record StoreId(String operatorUid, int partition) {
    @Override
    public boolean equals(Object o) {
      return o instanceof StoreId s && s.partition == partition && Objects.equals(s.operatorUid, operatorUid);
    }

    @Override
    public int hashCode() {
      return 31 * Objects.hashCode(operatorUid) + partition;
    }
  }
}

package io.tidemark.cli.flights;

/**
 * A small direct-mapped cache of short strings (airport codes), so that a reader returns the
 * same {@code String} instance for repeated codes instead of allocating one per record. A miss
 * allocates the string and replaces the slot. Not thread-safe: one per cursor.
 */
final class NameCache {

  private static final int SLOTS = 4096; // power of two
  private static final int MAX_CACHED_LENGTH = 32;

  private final String[] slots = new String[SLOTS];

  /** The string of {@code s[begin, end)}, shared with earlier calls where possible. */
  String get(char[] s, int begin, int end) {
    int len = end - begin;
    if (len > MAX_CACHED_LENGTH) {
      return new String(s, begin, len);
    }
    int h = 0;
    for (int i = begin; i < end; i++) {
      h = 31 * h + s[i];
    }
    int slot = (h ^ (h >>> 12)) & (SLOTS - 1);
    String cached = slots[slot];
    if (cached != null && cached.length() == len) {
      boolean same = true;
      for (int i = 0; i < len; i++) {
        if (cached.charAt(i) != s[begin + i]) {
          same = false;
          break;
        }
      }
      if (same) {
        return cached;
      }
    }
    String fresh = new String(s, begin, len);
    slots[slot] = fresh;
    return fresh;
  }

  /** The canonical instance of {@code s} (a string equal to it, possibly {@code s} itself). */
  String get(String s) {
    if (s.length() > MAX_CACHED_LENGTH) {
      return s;
    }
    int h = s.hashCode();
    int slot = (h ^ (h >>> 12)) & (SLOTS - 1);
    String cached = slots[slot];
    if (s.equals(cached)) {
      return cached;
    }
    slots[slot] = s;
    return s;
  }
}

package io.tidemark.chaos;

import java.util.List;

/** The first difference between two lists of lines, for mismatch messages. */
final class Diff {
  private Diff() {}

  static String describe(List<String> actual, List<String> expected) {
    int n = Math.min(actual.size(), expected.size());
    for (int i = 0; i < n; i++) {
      if (!actual.get(i).equals(expected.get(i))) {
        return "line " + (i + 1) + ": '" + actual.get(i) + "', expected '" + expected.get(i) + "'";
      }
    }
    return actual.size() + " lines, expected " + expected.size();
  }
}

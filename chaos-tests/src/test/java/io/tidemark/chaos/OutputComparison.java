package io.tidemark.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compares the per-batch outputs of a run under faults with those of the failure-free run, batch
 * index by batch index; every difference is a mismatch message naming the batch and the first
 * differing line.
 */
final class OutputComparison {
  /**
   * The differences found.
   *
   * @param mismatches differences the engine does not explain
   * @param staleReruns differences in outputs of batches the engine logged as re-run from a state
   *     store already past them ({@link StaleRerun}), see the module README
   */
  record Result(List<String> mismatches, List<String> staleReruns) {}

  private OutputComparison() {}

  /**
   * @param actual the outputs of the run under faults
   * @param reference the failure-free run's outputs of the same operator
   * @param constantAfterInput whether the operator's output stays the same once the input is
   *     exhausted (true for a running total such as {@code origin-stats}; a window keeps sliding),
   *     so that indexes beyond the reference's last are compared with its last output
   * @param lastCompletedBatch the last batch the checkpoint records as completed: the outputs must
   *     reach it
   * @param staleBatches batch times (ms) of this operator re-run from a store already past them
   */
  static Result compare(BatchOutputs actual, BatchOutputs reference, boolean constantAfterInput,
      long lastCompletedBatch, Set<Long> staleBatches) throws IOException {
    List<String> mismatches = new ArrayList<>(actual.problems());
    List<String> stale = new ArrayList<>();
    String op = actual.operator();
    if (actual.lastIndex() < 0) {
      return new Result(mismatches, stale);
    }
    if (actual.timeOf(actual.lastIndex()) < lastCompletedBatch) {
      mismatches.add(op + ": outputs end at batch " + actual.timeOf(actual.lastIndex())
          + ", but the checkpoint's last completed batch is " + lastCompletedBatch);
    }
    for (long k = 0; k <= actual.lastIndex(); k++) {
      Path file = actual.file(k);
      if (file == null) {
        continue; // reported as a problem
      }
      long refIndex = k;
      if (k > reference.lastIndex()) {
        if (!constantAfterInput) {
          continue;
        }
        refIndex = reference.lastIndex();
      }
      Path expected = reference.file(refIndex);
      if (expected == null) {
        continue;
      }
      List<String> a = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<String> e = Files.readAllLines(expected, StandardCharsets.UTF_8);
      if (!a.equals(e)) {
        (staleBatches.contains(actual.timeOf(k)) ? stale : mismatches).add(op + " of batch " + actual.timeOf(k) + " (index " + k + ") differs from the failure-free run's"
            + " (index " + refIndex + "): " + Diff.describe(a, e));
      }
    }
    return new Result(mismatches, stale);
  }
}

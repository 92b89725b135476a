package io.tidemark.chaos;

import io.tidemark.cli.job.FlightsJob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The checks at the end of an episode, each a mismatch message when it fails: (a) the final
 * {@code origin-stats} that {@code tidemark inspect} reads from the checkpoint equals the direct
 * aggregate of the input; (b) there is exactly one output per batch time up to the checkpoint's
 * last completed batch, for {@code origin-stats} and {@code route-window}, each identical to the
 * failure-free run's output of the same batch index. (c), the last run's exit code 0, is checked
 * by {@link Episode}.
 */
final class EpisodeCheck {
  private EpisodeCheck() {}

  /**
   * @param staleReruns batches the engine re-ran from a store already past them (their outputs
   *     may differ: reported apart, see {@link OutputComparison.Result})
   */
  static OutputComparison.Result verify(JobDirs dirs, JobShape shape, ReferenceRun reference,
      Set<StaleRerun> staleReruns) throws IOException {
    List<String> mismatches = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    DirectAggregate expected = DirectAggregate.of(shape);
    List<String> csv = Inspect.operatorCsv(dirs.checkpointLocation(), FlightsJob.ORIGIN_STATS);
    if (!csv.equals(expected.originStatsCsv())) {
      mismatches.add("final origin-stats (tidemark inspect) differs from the direct aggregate: "
          + Diff.describe(csv, expected.originStatsCsv()));
    }
    if (!dirs.batchesReplayable()) {
      // A receiver's batches hold what arrived in them: no failure-free run cuts the same ones.
      return new OutputComparison.Result(mismatches, stale);
    }
    long lastCompleted = Inspect.lastCompletedBatch(dirs.checkpointLocation());
    long intervalMs = shape.batchInterval().toMillis();
    for (String op : List.of(FlightsJob.ORIGIN_STATS, FlightsJob.ROUTE_WINDOW)) {
      Set<Long> staleBatches = staleReruns.stream().filter(s -> s.operatorUid().equals(op))
          .map(StaleRerun::batchTime).collect(Collectors.toSet());
      // a running total stays constant once the input is exhausted; a window keeps sliding
      boolean constantAfterInput = op.equals(FlightsJob.ORIGIN_STATS);
      OutputComparison.Result r = OutputComparison.compare(BatchOutputs.read(dirs.output(), op, intervalMs),
          reference.outputs(op), constantAfterInput, lastCompleted, staleBatches);
      mismatches.addAll(r.mismatches());
      stale.addAll(r.staleReruns());
    }
    return new OutputComparison.Result(mismatches, stale);
  }
}

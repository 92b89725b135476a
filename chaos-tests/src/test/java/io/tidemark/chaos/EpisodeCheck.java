package io.tidemark.chaos;

import io.tidemark.cli.job.FlightsJob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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

  static List<String> verify(JobDirs dirs, JobShape shape, ReferenceRun reference) throws IOException {
    List<String> mismatches = new ArrayList<>();
    DirectAggregate expected = DirectAggregate.of(shape);
    List<String> csv = Inspect.operatorCsv(dirs.checkpoint(), FlightsJob.ORIGIN_STATS);
    if (!csv.equals(expected.originStatsCsv())) {
      mismatches.add("final origin-stats (tidemark inspect) differs from the direct aggregate: "
          + Diff.describe(csv, expected.originStatsCsv()));
    }
    long lastCompleted = Inspect.lastCompletedBatch(dirs.checkpoint());
    long intervalMs = shape.batchInterval().toMillis();
    mismatches.addAll(OutputComparison.compare(BatchOutputs.read(dirs.output(), FlightsJob.ORIGIN_STATS, intervalMs),
        reference.outputs(FlightsJob.ORIGIN_STATS), true, lastCompleted));
    mismatches.addAll(OutputComparison.compare(BatchOutputs.read(dirs.output(), FlightsJob.ROUTE_WINDOW, intervalMs),
        reference.outputs(FlightsJob.ROUTE_WINDOW), false, lastCompleted));
    return mismatches;
  }
}

package io.tidemark.chaos;

import io.tidemark.cli.job.FlightsJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The failure-free run of a {@link JobShape} that every episode's outputs are compared with: run
 * once per shape and JVM, in {@code target/chaos/reference}, and itself checked against the
 * direct aggregate (its final state and its last {@code origin-stats} output), so a broken engine
 * cannot pass by being wrong the same way twice.
 */
final class ReferenceRun {
  private static final Map<JobShape, ReferenceRun> RUNS = new HashMap<>();

  private final Map<String, BatchOutputs> outputs;

  private ReferenceRun(Map<String, BatchOutputs> outputs) {
    this.outputs = outputs;
  }

  /**
   * The reference run of {@code shape}, run now if this JVM has not run it yet.
   *
   * @throws AssertionError if the failure-free run fails or disagrees with the direct aggregate
   */
  static synchronized ReferenceRun of(JobShape shape) {
    return RUNS.computeIfAbsent(shape, s -> {
      try {
        return run(s, ChaosSettings.workRoot().resolve("reference-" + RUNS.size()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
  }

  private static ReferenceRun run(JobShape shape, Path root) throws IOException, InterruptedException {
    JobDirs dirs = JobDirs.under(root);
    ScenarioStats stats = new ScenarioStats("reference", 0);
    Episode episode = new Episode(dirs, shape, stats);
    episode.finish();
    DirectAggregate expected = DirectAggregate.of(shape);
    List<String> csv = Inspect.operatorCsv(dirs.checkpointLocation(), FlightsJob.ORIGIN_STATS);
    if (!csv.equals(expected.originStatsCsv())) {
      throw new AssertionError("the failure-free run's origin-stats differs from the direct aggregate: "
          + Diff.describe(csv, expected.originStatsCsv()) + " (" + dirs.root() + ")");
    }
    long intervalMs = shape.batchInterval().toMillis();
    Map<String, BatchOutputs> outputs = new HashMap<>();
    for (String op : List.of(FlightsJob.ORIGIN_STATS, FlightsJob.ROUTE_WINDOW)) {
      BatchOutputs o = BatchOutputs.read(dirs.output(), op, intervalMs);
      if (!o.problems().isEmpty()) {
        throw new AssertionError("the failure-free run's outputs are broken: " + o.problems());
      }
      outputs.put(op, o);
    }
    BatchOutputs origin = outputs.get(FlightsJob.ORIGIN_STATS);
    List<String> last = java.nio.file.Files.readAllLines(origin.file(origin.lastIndex()));
    List<String> expectedLines = expected.originStatsCsv().subList(1, expected.originStatsCsv().size());
    if (!last.equals(expectedLines)) {
      throw new AssertionError("the failure-free run's last origin-stats output differs from the direct aggregate: "
          + Diff.describe(last, expectedLines));
    }
    System.out.printf("chaos: reference run of %s: %d batches, last %d%n", shape.describe(), origin.lastIndex() + 1,
        origin.timeOf(origin.lastIndex()));
    return new ReferenceRun(Map.copyOf(outputs));
  }

  /** The failure-free outputs of {@code operator}. */
  BatchOutputs outputs(String operator) {
    return outputs.get(operator);
  }
}

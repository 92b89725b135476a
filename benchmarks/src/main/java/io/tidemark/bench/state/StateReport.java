package io.tidemark.bench.state;

import java.util.List;
import java.util.Locale;

/** The state-size table in Markdown, with issue 7's targets for 100 M keys. */
final class StateReport {
  private final List<StateRun> runs;
  private final List<String> skipped;
  private final long recordsPerBatch;
  private final int measureBatches;
  private final String heap;
  private final long maxSeconds;
  private final int checkpointBatches;

  StateReport(List<StateRun> runs, List<String> skipped, long recordsPerBatch, int measureBatches, String heap,
      long maxSeconds, int checkpointBatches) {
    this.runs = List.copyOf(runs);
    this.skipped = List.copyOf(skipped);
    this.recordsPerBatch = recordsPerBatch;
    this.measureBatches = measureBatches;
    this.heap = heap;
    this.maxSeconds = maxSeconds;
    this.checkpointBatches = checkpointBatches;
  }

  String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Tidemark only (RocksDB state, -Xmx%s, %,d records per batch, batches back to "
        + "back, data checkpoint every %d batches to local disk, at most %d s per row). updates/s = input records of a "
        + "batch ÷ its processing time; medians over the batches of each column: *growing, first/last quarter* = the "
        + "first and last quarter of the batches while the state grows to its size (every record a new key), "
        + "*full* = %d batches of updates once every key is in state.%n%n", heap, recordsPerBatch, checkpointBatches,
        maxSeconds, measureBatches));
    sb.append("| operator | keys | distribution | growing, first ¼: updates/s | growing, last ¼: updates/s "
        + "| full: updates/s | full: p99 batch ms | max heap used MiB | peak RSS MiB | state on disk GiB "
        + "| keys reached | run s | end |\n");
    sb.append("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (StateRun r : runs) {
      List<StateRun.Batch> grow = r.growing();
      int q = Math.max(1, grow.size() / 4);
      List<StateRun.Batch> early = grow.subList(0, Math.min(q, grow.size()));
      List<StateRun.Batch> late = grow.subList(Math.max(0, grow.size() - q), grow.size());
      List<StateRun.Batch> full = r.full();
      sb.append(String.format(Locale.ROOT, "| %s | %,d | %s | %s | %s | %s | %s | %d | %,d | %.2f | %,d | %.0f | %s |%n",
          r.operator(), r.keys(), r.distribution().label(), rate(early), rate(late), rate(full),
          full.isEmpty() ? "-" : String.format(Locale.ROOT, "%,d", StateRun.p99Ms(full)), r.maxHeapUsedMiB(),
          r.peakRssKib() / 1024, r.stateBytes() / 1073741824.0, r.stateKeysReached(), r.wallSeconds(), r.endReason()));
    }
    for (String s : skipped) {
      sb.append("\nNot run: ").append(s).append(".\n");
    }
    sb.append("\nTargets (issue 7): 100 M keys of state with -Xmx1g; mapWithState updates/s at 100 M keys within 2× "
        + "of the rate at 1 M keys (full state).\n\n");
    for (KeyDistribution d : KeyDistribution.values()) {
      StateRun small = find("mapWithState", 1_000_000L, d);
      StateRun large = find("mapWithState", 100_000_000L, d);
      if (small == null || large == null) {
        sb.append(String.format(Locale.ROOT, "- mapWithState, %s: %s%n", d.label(),
            "not measured in this run (needs 1 M and 100 M keys)"));
        continue;
      }
      double a = StateRun.medianRate(small.full());
      double b = StateRun.medianRate(large.full());
      boolean reached = large.stateKeysReached() >= 100_000_000L && !large.full().isEmpty();
      sb.append(String.format(Locale.ROOT, "- mapWithState, %s: 1 M keys %,.0f updates/s, 100 M keys %s; ratio %s; "
          + "heap %s → %s%n", d.label(), a, reached ? String.format(Locale.ROOT, "%,.0f updates/s", b)
          : "not reached (" + large.endReason() + ", " + String.format(Locale.ROOT, "%,d", large.stateKeysReached())
          + " keys)", reached && b > 0 ? String.format(Locale.ROOT, "%.2f×", a / b) : "-", heap,
          reached ? (a / b <= 2 ? "target met" : "target **missed**") : "target not measured"));
    }
    return sb.toString();
  }

  private StateRun find(String op, long keys, KeyDistribution d) {
    for (StateRun r : runs) {
      if (r.operator().equals(op) && r.keys() == keys && r.distribution() == d) {
        return r;
      }
    }
    return null;
  }

  private static String rate(List<StateRun.Batch> batches) {
    return batches.isEmpty() ? "-" : String.format(Locale.ROOT, "%,.0f", StateRun.medianRate(batches));
  }
}

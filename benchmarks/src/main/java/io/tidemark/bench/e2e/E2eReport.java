package io.tidemark.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The end-to-end table in Markdown: per metric the median over rounds of each system, the
 * ratio Tidemark/Spark and issue 7's target; then every round.
 */
final class E2eReport {
  private final JobShape shape;
  private final List<E2eRun> runs;
  private final TenfoldRuns tenfoldRuns;
  private final List<TenfoldRun> tenfold;

  /**
   * The Tidemark runs fed 10× Spark's median sustained rate, one after the other, on one input.
   *
   * @param sparkRate Spark's median sustained records/s
   * @param recordsPerBatch records per batch of every run (10 × that rate × the interval)
   * @param inputCopies how many times the input was read, one copy after the other (for enough
   *     batches that p99 is not simply the slowest batch)
   * @param runs the runs in order; those without a batch with input are left out of the report
   */
  record TenfoldRuns(double sparkRate, long recordsPerBatch, int inputCopies, List<TenfoldRun> runs) {}

  /**
   * One run of {@link TenfoldRuns}.
   *
   * @param batches its batches with input, in order
   * @param loadAverage 1-minute load average after the run
   */
  record TenfoldRun(List<BatchStat> batches, double loadAverage) {
    long[] sortedTimes() {
      return batches.stream().mapToLong(BatchStat::processingMs).sorted().toArray();
    }

    /** Nearest-rank p99 of its batch processing times, ms. */
    long p99Ms() {
      return E2eRun.percentile(sortedTimes(), 99);
    }
  }

  /** @param tenfold the runs at 10× Spark's rate, or null if none ran */
  E2eReport(JobShape shape, List<E2eRun> runs, TenfoldRuns tenfold) {
    this.shape = shape;
    this.runs = List.copyOf(runs);
    this.tenfoldRuns = tenfold;
    this.tenfold = tenfold == null ? List.of() : tenfold.runs().stream().filter(r -> !r.batches().isEmpty()).toList();
  }

  String markdown() {
    List<E2eRun> t = of("tidemark");
    List<E2eRun> s = of("spark");
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Medians of %d rounds (Tidemark) and %d rounds (Spark), alternating; "
        + "%,d records per batch, batch interval %d ms, data checkpoint every %d batches to local disk, %d cores, "
        + "-Xmx%s each.%n%n", t.size(), s.size(), shape.recordsPerBatch(), shape.batchIntervalMs(),
        shape.checkpointEveryBatches(), shape.cores(), shape.heap()));
    sb.append("| metric | Tidemark | Spark Streaming | Tidemark/Spark | target | met? |\n");
    sb.append("| --- | ---: | ---: | ---: | --- | --- |\n");
    double tRate = median(t, E2eRun::sustainedRecordsPerSecond);
    double sRate = median(s, E2eRun::sustainedRecordsPerSecond);
    row(sb, "records/s sustained (Σ records ÷ Σ batch processing time)", tRate, sRate, "%,.0f",
        "≥ 10× Spark", tRate >= 10 * sRate);
    double tWarm = median(t, E2eRun::warmRecordsPerSecond);
    double sWarm = median(s, E2eRun::warmRecordsPerSecond);
    row(sb, "records/s sustained after the warm-up (batches " + (E2eRun.WARM_UP_BATCHES + 1) + "+ of each run)", tWarm,
        sWarm, "%,.0f", "(≥ 10× Spark)", tWarm >= 10 * sWarm);
    double tP50 = median(t, r -> r.p50Ms());
    double sP50 = median(s, r -> r.p50Ms());
    row(sb, "batch processing time p50, ms", tP50, sP50, "%,.0f", "", null);
    double tP99 = median(t, r -> r.p99Ms());
    double sP99 = median(s, r -> r.p99Ms());
    row(sb, "batch processing time p99, ms", tP99, sP99, "%,.0f",
        "Tidemark < batch interval (" + shape.batchIntervalMs() + " ms)", tP99 < shape.batchIntervalMs());
    if (!tenfold.isEmpty()) {
      double[] p99s = tenfold.stream().mapToDouble(TenfoldRun::p99Ms).sorted().toArray();
      double p99 = median(p99s);
      sb.append(String.format(Locale.ROOT, "| batch processing time p99, ms, at 10× Spark's rate (median over %d "
          + "run(s) of each run's p99; %,d batches of %,d records per %,d ms batch; below) | %,.0f | | | < batch "
          + "interval (%,d ms) | %s |%n", tenfold.size(), tenfold.get(0).batches().size(),
          tenfoldRuns.recordsPerBatch(), shape.batchIntervalMs(), p99, shape.batchIntervalMs(),
          p99 < shape.batchIntervalMs() ? "yes" : "**no**"));
    }
    double tWarmP99 = median(t, r -> r.warmP99Ms());
    double sWarmP99 = median(s, r -> r.warmP99Ms());
    row(sb, "batch processing time p99 after the warm-up, ms", tWarmP99, sWarmP99, "%,.0f",
        "(Tidemark < batch interval)", tWarmP99 < shape.batchIntervalMs());
    double tRss = median(t, r -> r.peakRssKib() / 1024.0);
    double sRss = median(s, r -> r.peakRssKib() / 1024.0);
    row(sb, "peak RSS, MiB (VmHWM)", tRss, sRss, "%,.0f", "Tidemark lower", tRss < sRss);
    row(sb, "checkpoint directory after the run, MiB", median(t, r -> r.checkpointBytes() / 1048576.0),
        median(s, r -> r.checkpointBytes() / 1048576.0), "%,.2f", "", null);
    row(sb, "local working directory after the run, MiB", median(t, r -> r.localBytes() / 1048576.0),
        median(s, r -> r.localBytes() / 1048576.0), "%,.2f", "", null);
    double tRestart = median(t, r -> r.restartMs());
    double sRestart = median(s, r -> r.restartMs());
    row(sb, String.format(Locale.ROOT, "restart after kill -9, ms (started %,d ms after the kill; process start → "
        + "first batch completed)", shape.restartDelayMs()), tRestart, sRestart, "%,.0f",
        "≥ 10× faster (ratio ≤ 0.10)", tRestart * 10 <= sRestart);
    row(sb, "full run wall time, s (process start → exit)", median(t, r -> r.wallMs() / 1000.0),
        median(s, r -> r.wallMs() / 1000.0), "%,.1f", "", null);
    if (!tenfold.isEmpty()) {
      sb.append(String.format(Locale.ROOT, "%nAt 10× Spark's rate: %d more full Tidemark run(s), one after the "
          + "other, with %,d records per %,d ms batch (10 × Spark's median %,.0f records/s) over the input read %d "
          + "time(s) in a row. Per run: batches, records/s sustained, p50, p99 (nearest rank), slowest, first "
          + "(JIT-cold), batches that took the interval or longer, load after it:%n%n", tenfold.size(),
          tenfoldRuns.recordsPerBatch(), shape.batchIntervalMs(), tenfoldRuns.sparkRate(),
          tenfoldRuns.inputCopies()));
      sb.append("| run | batches | records/s | p50 ms | p99 ms | slowest ms | first ms | ≥ interval | load |\n");
      sb.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      for (int i = 0; i < tenfold.size(); i++) {
        TenfoldRun r = tenfold.get(i);
        long[] times = r.sortedTimes();
        long records = r.batches().stream().mapToLong(BatchStat::records).sum();
        long over = r.batches().stream().filter(x -> x.processingMs() >= shape.batchIntervalMs()).count();
        sb.append(String.format(Locale.ROOT, "| %d | %d | %,.0f | %,d | %,d | %,d | %,d | %d | %.2f |%n", i + 1,
            times.length, records * 1000.0 / Math.max(1, java.util.Arrays.stream(times).sum()),
            E2eRun.percentile(times, 50), r.p99Ms(), times[times.length - 1], r.batches().get(0).processingMs(),
            over, r.loadAverage()));
      }
      for (int i = 0; i < tenfold.size(); i++) {
        sb.append(String.format(Locale.ROOT, "%nRun %d, processing times in order, ms: %s.%n", i + 1,
            String.join(", ", tenfold.get(i).batches().stream()
                .map(x -> String.format(Locale.ROOT, "%,d", x.processingMs())).toList())));
      }
    }
    sb.append("\nEvery round:\n\n");
    sb.append("| round | system | load avg | batches | records | records/s | p50 ms | p99 ms | peak RSS MiB "
        + "| checkpoint MiB | local MiB | wall s | restart ms |\n");
    sb.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (E2eRun r : runs) {
      sb.append(String.format(Locale.ROOT, "| %d | %s | %.2f | %d | %,d | %,.0f | %d | %d | %,.0f | %.2f | %.2f | %.1f | %,d |%n",
          r.round(), r.system(), r.loadAverage(), r.batches(), r.records(), r.sustainedRecordsPerSecond(), r.p50Ms(),
          r.p99Ms(), r.peakRssKib() / 1024.0, r.checkpointBytes() / 1048576.0, r.localBytes() / 1048576.0,
          r.wallMs() / 1000.0, r.restartMs()));
    }
    return sb.toString();
  }

  private List<E2eRun> of(String system) {
    List<E2eRun> l = new ArrayList<>();
    for (E2eRun r : runs) {
      if (r.system().equals(system)) {
        l.add(r);
      }
    }
    return l;
  }

  private static void row(StringBuilder sb, String metric, double t, double s, String fmt, String target, Boolean met) {
    sb.append("| ").append(metric).append(" | ").append(String.format(Locale.ROOT, fmt, t)).append(" | ")
        .append(String.format(Locale.ROOT, fmt, s)).append(" | ")
        .append(s == 0 ? "-" : String.format(Locale.ROOT, "%.2f", t / s)).append(" | ").append(target).append(" | ")
        .append(met == null || t == 0 || s == 0 ? "" : met ? "yes" : "**no**").append(" |\n");
  }

  static double median(List<E2eRun> runs, ToDoubleFunction<E2eRun> f) {
    return median(runs.stream().mapToDouble(f).sorted().toArray());
  }

  /** The median of sorted {@code v}; 0 if empty. */
  private static double median(double[] v) {
    if (v.length == 0) {
      return 0;
    }
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}

package io.tidemark.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class E2eReportTest {
  private static final JobShape SHAPE = new JobShape(Path.of("flights.csv"), 1000, 50_000, 10, 2, "2g", 1000);

  /** 120 batches of 500,000 records: {@code slow} of them take 1,500 ms, the rest 200 ms. */
  private static E2eReport.TenfoldRun tenfold(int slow) {
    List<BatchStat> batches = new ArrayList<>();
    LongStream.range(0, 120).forEach(i -> batches.add(new BatchStat(i * 1000, 500_000, i < slow ? 1500 : 200)));
    return new E2eReport.TenfoldRun(batches, 1.5);
  }

  private static E2eReport.TenfoldRuns tenfoldRuns(E2eReport.TenfoldRun... runs) {
    return new E2eReport.TenfoldRuns(50_000, 500_000, 20, List.of(runs));
  }

  private static List<E2eRun> rounds() {
    List<BatchStat> batches = new ArrayList<>();
    LongStream.range(0, 60).forEach(i -> batches.add(new BatchStat(i * 1000, 50_000, 50)));
    return List.of(E2eRun.of("tidemark", 1, batches, 400 * 1024, 1 << 20, 0, 62_000, 1_300, 0.5),
        E2eRun.of("spark", 1, batches, 1200 * 1024, 1 << 20, 0, 66_000, 16_000, 0.5));
  }

  @Test
  void theTenfoldRowIsTheMedianOfEachRunsP99() {
    // Nearest-rank p99 of 120 batches is the 119th: one slow batch leaves it at 200 ms, two put it at 1,500.
    String md = new E2eReport(SHAPE, rounds(), tenfoldRuns(tenfold(2), tenfold(1), tenfold(3))).markdown();

    assertThat(md).contains("at 10× Spark's rate (median over 3 run(s) of each run's p99; 120 batches of 500,000 "
        + "records per 1,000 ms batch; below) | 1,500 | | | < batch interval (1,000 ms) | **no** |");
    assertThat(md).contains("| 1 | 120 | ", "| 2 | 120 | ", "| 3 | 120 | ");
    assertThat(md).contains("Run 3, processing times in order, ms: 1,500, 1,500, 1,500, 200");
  }

  @Test
  void oneSlowRunOfThreeDoesNotDecideTheTarget() {
    String md = new E2eReport(SHAPE, rounds(), tenfoldRuns(tenfold(1), tenfold(3), tenfold(0))).markdown();

    assertThat(md).contains("; below) | 200 | | | < batch interval (1,000 ms) | yes |");
    // The slow run is still listed with its own p99.
    assertThat(md).containsPattern("\\| 2 \\| 120 \\| [\\d,]+ \\| 200 \\| 1,500 \\| 1,500 \\| 1,500 \\| 3 \\|");
  }

  @Test
  void withoutTenfoldRunsThereIsNoTenfoldRow() {
    String md = new E2eReport(SHAPE, rounds(), null).markdown();

    assertThat(md).doesNotContain("10× Spark's rate (median").doesNotContain("At 10× Spark's rate");
    assertThat(md).contains("| records/s sustained (Σ records ÷ Σ batch processing time) |");
  }

  @Test
  void theRestartRowSaysWhenTheRestartStartedAndComparesTenfold() {
    String md = new E2eReport(SHAPE, rounds(), null).markdown();

    // 1,300 ms against 16,000 ms: ratio 0.08, at least 10x faster.
    assertThat(md).contains("| restart after kill -9, ms (started 1,000 ms after the kill; process start → first "
        + "batch completed) | 1,300 | 16,000 | 0.08 |");
    assertThat(md).containsPattern("first batch completed\\) \\|[^\\n]*\\| yes \\|");
  }
}

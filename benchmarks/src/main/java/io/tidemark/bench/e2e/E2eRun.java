package io.tidemark.bench.e2e;

import java.util.Arrays;
import java.util.List;

/**
 * One round of one system: a full run over the input and a kill -9 + restart.
 *
 * @param system {@code tidemark} or {@code spark}
 * @param round 1, 2, …
 * @param batches batches with input
 * @param records input records of those batches
 * @param processingMs sum of their processing times, ms
 * @param p50Ms median batch processing time, ms (batches with input)
 * @param p99Ms 99th percentile (nearest rank) of the same, ms
 * @param peakRssKib peak resident set of the full run (VmHWM), KiB
 * @param checkpointBytes checkpoint directory size after the full run, bytes
 * @param localBytes local working directory size after the full run, bytes
 * @param wallMs full run, process start → exit, ms
 * @param restartMs restart after kill -9: process start → first batch line, ms
 * @param loadAverage 1-minute load average before the round
 */
record E2eRun(String system, int round, int batches, long records, long processingMs, long p50Ms, long p99Ms,
    long peakRssKib, long checkpointBytes, long localBytes, long wallMs, long restartMs, double loadAverage) {

  /** Records per second of processing time: what the system sustains with batches back to back. */
  double sustainedRecordsPerSecond() {
    return processingMs == 0 ? 0 : records * 1000.0 / processingMs;
  }

  /** Builds the figures of a full run from its batches (those with input only). */
  static E2eRun of(String system, int round, List<BatchStat> all, long peakRssKib, long checkpointBytes,
      long localBytes, long wallMs, long restartMs, double loadAverage) {
    long[] times = all.stream().filter(b -> b.records() > 0).mapToLong(BatchStat::processingMs).sorted().toArray();
    long records = all.stream().mapToLong(BatchStat::records).sum();
    return new E2eRun(system, round, times.length, records, Arrays.stream(times).sum(), percentile(times, 50),
        percentile(times, 99), peakRssKib, checkpointBytes, localBytes, wallMs, restartMs, loadAverage);
  }

  /** Nearest-rank percentile of sorted values; 0 if none. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}

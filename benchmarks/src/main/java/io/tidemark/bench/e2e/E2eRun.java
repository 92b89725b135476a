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
 * @param warmRecords records of the batches with input after the first {@value #WARM_UP_BATCHES}
 * @param warmProcessingMs sum of those batches' processing times, ms
 * @param warmP99Ms 99th percentile (nearest rank) of those batches' processing times, ms
 */
record E2eRun(String system, int round, int batches, long records, long processingMs, long p50Ms, long p99Ms,
    long peakRssKib, long checkpointBytes, long localBytes, long wallMs, long restartMs, double loadAverage,
    long warmRecords, long warmProcessingMs, long warmP99Ms) {

  /** Batches with input counted as the JVM's warm-up (JIT compilation, class loading) in the warm figures. */
  static final int WARM_UP_BATCHES = 10;

  /** As {@link #sustainedRecordsPerSecond()} over the batches after the warm-up. */
  double warmRecordsPerSecond() {
    return warmProcessingMs == 0 ? 0 : warmRecords * 1000.0 / warmProcessingMs;
  }

  /** Records per second of processing time: what the system sustains with batches back to back. */
  double sustainedRecordsPerSecond() {
    return processingMs == 0 ? 0 : records * 1000.0 / processingMs;
  }

  /** Builds the figures of a full run from its batches (those with input only). */
  static E2eRun of(String system, int round, List<BatchStat> all, long peakRssKib, long checkpointBytes,
      long localBytes, long wallMs, long restartMs, double loadAverage) {
    List<BatchStat> withInput = all.stream().filter(b -> b.records() > 0).toList();
    long[] times = withInput.stream().mapToLong(BatchStat::processingMs).sorted().toArray();
    long records = all.stream().mapToLong(BatchStat::records).sum();
    List<BatchStat> warm = withInput.subList(Math.min(WARM_UP_BATCHES, withInput.size()), withInput.size());
    long[] warmTimes = warm.stream().mapToLong(BatchStat::processingMs).sorted().toArray();
    return new E2eRun(system, round, times.length, records, Arrays.stream(times).sum(), percentile(times, 50),
        percentile(times, 99), peakRssKib, checkpointBytes, localBytes, wallMs, restartMs, loadAverage,
        warm.stream().mapToLong(BatchStat::records).sum(), Arrays.stream(warmTimes).sum(), percentile(warmTimes, 99));
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

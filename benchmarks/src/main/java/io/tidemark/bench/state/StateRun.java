package io.tidemark.bench.state;

import java.util.ArrayList;
import java.util.List;

/**
 * The batches of one state-size configuration and what was measured around them.
 *
 * @param operator {@code mapWithState} or {@code updateStateByKey}
 * @param keys distinct keys the state grows to
 * @param distribution how updates pick keys
 * @param batches every batch, in order
 * @param peakRssKib VmHWM of the child, KiB
 * @param stateBytes local RocksDB directory at the end, bytes
 * @param checkpointBytes checkpoint directory at the end, bytes
 * @param wallSeconds child start → exit
 * @param endReason {@code done}, or {@code budget} if the time limit stopped it
 */
record StateRun(String operator, long keys, KeyDistribution distribution, List<Batch> batches, long peakRssKib,
    long stateBytes, long checkpointBytes, double wallSeconds, String endReason) {

  /**
   * One batch.
   *
   * @param full true once the state holds every key (the batch is all updates)
   * @param stateKeys keys in state after the batch
   * @param records input records (updates) of the batch
   * @param ms processing time, ms
   * @param heapUsedMiB heap in use right after the batch, MiB
   */
  record Batch(boolean full, long stateKeys, long records, long ms, long heapUsedMiB) {
    double updatesPerSecond() {
      return ms <= 0 ? 0 : records * 1000.0 / ms;
    }
  }

  /** Parses a child's {@code STAT} line, or null for another line. */
  static Batch parseStat(String line) {
    if (!line.startsWith("STAT ")) {
      return null;
    }
    String phase = null;
    long keys = 0;
    long records = 0;
    long ms = 0;
    long heap = 0;
    for (String part : line.substring(5).split(" ")) {
      String[] kv = part.split("=", 2);
      switch (kv[0]) {
        case "phase" -> phase = kv[1];
        case "keys" -> keys = Long.parseLong(kv[1]);
        case "records" -> records = Long.parseLong(kv[1]);
        case "ms" -> ms = Long.parseLong(kv[1]);
        case "heapUsedMiB" -> heap = Long.parseLong(kv[1]);
        default -> { }
      }
    }
    return new Batch("full".equals(phase), keys, records, ms, heap);
  }

  List<Batch> growing() {
    List<Batch> l = new ArrayList<>();
    for (Batch b : batches) {
      if (!b.full()) {
        l.add(b);
      }
    }
    return l;
  }

  List<Batch> full() {
    List<Batch> l = new ArrayList<>();
    for (Batch b : batches) {
      if (b.full()) {
        l.add(b);
      }
    }
    return l;
  }

  long maxHeapUsedMiB() {
    return batches.stream().mapToLong(Batch::heapUsedMiB).max().orElse(0);
  }

  long stateKeysReached() {
    return batches.isEmpty() ? 0 : batches.get(batches.size() - 1).stateKeys();
  }

  /** Median updates/s of a list of batches; 0 if empty. */
  static double medianRate(List<Batch> list) {
    double[] v = list.stream().mapToDouble(Batch::updatesPerSecond).sorted().toArray();
    if (v.length == 0) {
      return 0;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** Nearest-rank 99th percentile of processing ms; 0 if empty. */
  static long p99Ms(List<Batch> list) {
    long[] v = list.stream().mapToLong(Batch::ms).sorted().toArray();
    if (v.length == 0) {
      return 0;
    }
    return v[Math.min(v.length - 1, Math.max(0, (int) Math.ceil(0.99 * v.length) - 1))];
  }
}

package io.tidemark.recovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Plans a restart (DESIGN.md, "Recovery"). For every stateful operator: the local stores when
 * all its partitions are present and none is older than the newest data checkpoint (the fast
 * path after a process crash); otherwise the newest data checkpoint; otherwise empty state. Then
 * every batch from the lowest loaded version + one interval up to the last allocated batch is run
 * again, before new batches: a partition already at a batch's version skips it, which keeps state
 * exactly-once. Batch times that passed while the job was down follow, as Spark generates them,
 * from the last allocated batch on.
 *
 * <p>Pure and thread-safe; knows nothing about DStreams.
 */
public final class RestartPlanner {
  private RestartPlanner() {}

  /**
   * Plans the restart.
   *
   * @param zeroTimeMs the job's zero time (one interval before its first batch)
   * @param batchIntervalMs the batch interval, {@code > 0}
   * @param lastCompletedBatchMs the last batch whose jobs all completed, or {@code zeroTimeMs}
   * @param lastAllocatedBatchMs the last batch time whose input was allocated and logged, or
   *     {@code zeroTimeMs} if none
   * @param operators every stateful operator of the job being started
   */
  public static RestartPlan plan(long zeroTimeMs, long batchIntervalMs, long lastCompletedBatchMs,
      long lastAllocatedBatchMs, List<OperatorRecoveryInput> operators) {
    if (batchIntervalMs <= 0) {
      throw new IllegalArgumentException("batch interval must be positive: " + batchIntervalMs);
    }
    Map<String, StateSource> sources = new LinkedHashMap<>();
    // Outputs of batches not known to be complete run again (at-least-once outputs) ...
    long rebuildFrom = Math.max(zeroTimeMs, lastCompletedBatchMs);
    for (OperatorRecoveryInput op : operators) {
      StateSource source = sourceOf(op);
      sources.put(op.operatorUid(), source);
      // ... and so does every batch some operator's state has not absorbed yet.
      rebuildFrom = Math.min(rebuildFrom, Math.max(source.version(), zeroTimeMs));
    }
    List<Long> reruns = new ArrayList<>();
    for (long t = alignUp(rebuildFrom + batchIntervalMs, zeroTimeMs, batchIntervalMs); t <= lastAllocatedBatchMs;
        t += batchIntervalMs) {
      reruns.add(t);
    }
    return new RestartPlan(sources, reruns, Math.max(lastAllocatedBatchMs, zeroTimeMs) + batchIntervalMs);
  }

  static StateSource sourceOf(OperatorRecoveryInput op) {
    OptionalLong remote = op.newestDataCheckpoint();
    long localMin = Long.MAX_VALUE;
    for (long v : op.localVersions()) {
      localMin = Math.min(localMin, v);
    }
    boolean localUsable = !op.localVersions().isEmpty()
        && (remote.isEmpty() || localMin >= remote.getAsLong());
    if (localUsable) {
      return new StateSource.Local(localMin);
    }
    if (remote.isPresent()) {
      return new StateSource.DataCheckpoint(remote.getAsLong());
    }
    return new StateSource.Empty();
  }

  private static long alignUp(long t, long zero, long interval) {
    long offset = Math.floorMod(t - zero, interval);
    return offset == 0 ? t : t + (interval - offset);
  }
}

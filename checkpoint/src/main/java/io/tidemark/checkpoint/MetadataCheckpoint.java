package io.tidemark.checkpoint;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a restart needs to know about a job besides its state, written after every batch: the
 * payload of a metadata checkpoint (Spark Streaming's {@code Checkpoint}, without Java
 * serialisation and without code). The engine fills it; this module only stores it.
 *
 * <p>Times are milliseconds (batch times since the Unix epoch, as the engine's clock gives
 * them). Maps are sorted by key and, like the lists, unmodifiable copies, so two equal
 * checkpoints encode to equal bytes. Immutable and thread-safe.
 *
 * @param writerEpoch the epoch of the writing run ({@link CheckpointLease#epoch()}), {@code >= 1}
 * @param batchTimeMs the batch time this checkpoint was taken at; names the file
 * @param batchIntervalMs the batch interval, {@code > 0}
 * @param graph the stateful operators, in graph order; never {@code null}
 * @param lastCompletedBatchTimeMs the newest batch whose jobs all completed, or {@link #NO_BATCH}
 * @param pendingBatchTimesMs batches allocated (inputs fixed) but not completed, ascending;
 *     never {@code null}
 * @param inputPositions per input id, its opaque position; never {@code null}
 * @param dataCheckpointVersions per operator uid, the version of its newest published data
 *     checkpoint; never {@code null}
 * @param configuration the settings a restart needs; never {@code null}
 */
public record MetadataCheckpoint(long writerEpoch, long batchTimeMs, long batchIntervalMs,
    List<OperatorSignature> graph, long lastCompletedBatchTimeMs, List<Long> pendingBatchTimesMs,
    SortedMap<String, OpaqueBytes> inputPositions, SortedMap<String, Long> dataCheckpointVersions,
    SortedMap<String, String> configuration) {

  /** {@link #lastCompletedBatchTimeMs()} of a job that has not completed a batch. */
  public static final long NO_BATCH = -1L;

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if a collection, or an element, key or value of one, is null
   * @throws IllegalArgumentException if {@code writerEpoch < 1}, {@code batchIntervalMs <= 0},
   *     or {@code pendingBatchTimesMs} is not strictly ascending
   */
  public MetadataCheckpoint {
    if (writerEpoch < 1) {
      throw new IllegalArgumentException("writerEpoch must be >= 1: " + writerEpoch);
    }
    if (batchIntervalMs <= 0) {
      throw new IllegalArgumentException("batchIntervalMs must be > 0: " + batchIntervalMs);
    }
    graph = List.copyOf(graph);
    pendingBatchTimesMs = List.copyOf(pendingBatchTimesMs);
    for (int i = 1; i < pendingBatchTimesMs.size(); i++) {
      if (pendingBatchTimesMs.get(i) <= pendingBatchTimesMs.get(i - 1)) {
        throw new IllegalArgumentException("pendingBatchTimesMs must be strictly ascending: "
            + pendingBatchTimesMs);
      }
    }
    inputPositions = sortedCopy(inputPositions);
    dataCheckpointVersions = sortedCopy(dataCheckpointVersions);
    configuration = sortedCopy(configuration);
  }

  private static <V> SortedMap<String, V> sortedCopy(Map<String, V> map) {
    TreeMap<String, V> copy = new TreeMap<>();
    for (Map.Entry<String, V> e : map.entrySet()) {
      copy.put(Objects.requireNonNull(e.getKey(), "key"),
          Objects.requireNonNull(e.getValue(), "value of " + e.getKey()));
    }
    return Collections.unmodifiableSortedMap(copy);
  }
}

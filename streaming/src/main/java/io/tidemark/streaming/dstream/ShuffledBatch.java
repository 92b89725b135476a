package io.tidemark.streaming.dstream;

import io.tidemark.streaming.Batch;
import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.scheduler.TaskRunner;
import io.tidemark.streaming.util.CloseableIterator;
import java.util.List;

/**
 * The result of a {@link KeyedShuffle}: partition {@code q} holds one {@link KeyedEntry} per
 * distinct key whose key group {@link io.tidemark.state.KeyGroupAssignment#partitionFor} assigns
 * to {@code q} (of {@code keyGroups} key groups), each entry with its serialised key. Read as a
 * batch it gives the entries as key-value pairs.
 *
 * <p>A keyed operation on such a batch with the same number of partitions and key groups needs
 * no shuffle: its partition {@code q} is this batch's partition {@code q} (Spark's narrow
 * dependency of a {@code CoGroupedRDD} on a parent with the same partitioner). {@link
 * #isPartitionedAs} says when that holds.
 *
 * <p>The entries must not change once the batch is built: it is remembered and read again (a
 * window's leaving batch).
 */
public final class ShuffledBatch<K, C> extends Batch<KeyValue<K, C>> {
  private final List<List<KeyedEntry<K, C>>> partitions;
  private final int keyGroups;

  ShuffledBatch(TaskRunner tasks, List<List<KeyedEntry<K, C>>> partitions, int keyGroups) {
    super(tasks);
    this.partitions = partitions;
    this.keyGroups = keyGroups;
  }

  /**
   * Whether a keyed operation of {@code numPartitions} partitions over {@code keyGroups} key
   * groups finds each of its keys in the same partition of this batch.
   */
  public boolean isPartitionedAs(int numPartitions, int keyGroups) {
    return partitions.size() == numPartitions && this.keyGroups == keyGroups;
  }

  /** Partition {@code partition}'s entries, one per distinct key; read only, never change them. */
  public List<KeyedEntry<K, C>> entries(int partition) {
    return partitions.get(partition);
  }

  @Override
  public int numPartitions() {
    return partitions.size();
  }

  @Override
  public CloseableIterator<KeyValue<K, C>> iterator(int partition) {
    return CloseableIterator.wrap(partitions.get(partition).iterator())
        .map(e -> new KeyValue<>(e.key, e.value));
  }

  @Override
  public boolean isMaterialized() {
    return true;
  }
}

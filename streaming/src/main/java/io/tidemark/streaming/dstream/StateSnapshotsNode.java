package io.tidemark.streaming.dstream;

import io.tidemark.streaming.Batch;
import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.Time;
import java.util.List;
import java.util.Optional;

/**
 * {@code stateSnapshots()} of a mapWithState stream: at every batch, the whole state (key,
 * state) after that batch's updates, read lazily from store snapshots.
 */
public final class StateSnapshotsNode<K, V, S, M> extends StreamNode<KeyValue<K, S>> {
  private final MapWithStateNode<K, V, S, M> source;

  public StateSnapshotsNode(MapWithStateNode<K, V, S, M> source) {
    super(source.graph);
    this.source = source;
  }

  @Override
  public List<StreamNode<?>> dependencies() {
    return List.of(source);
  }

  @Override
  public String kind() {
    return "stateSnapshots";
  }

  @Override
  protected Optional<Batch<KeyValue<K, S>>> compute(Time time) {
    return source.getOrCompute(time).map(ignored -> source.snapshot(time));
  }
}

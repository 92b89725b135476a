package io.tidemark.streaming;

import io.tidemark.streaming.dstream.MapWithStateNode;
import io.tidemark.streaming.dstream.StateSnapshotsNode;

/**
 * The output of {@link PairDStream#mapWithState}: the mapped values of every batch, plus
 * {@link #stateSnapshots()} for the whole state. Spark's {@code MapWithStateDStream}.
 */
public final class MapWithStateDStream<K, V, S, M> extends DStream<M> {
  private final MapWithStateNode<K, V, S, M> stateNode;

  MapWithStateDStream(StreamingContext context, MapWithStateNode<K, V, S, M> node) {
    super(context, node);
    this.stateNode = node;
  }

  @Override
  public MapWithStateDStream<K, V, S, M> uid(String uid) {
    super.uid(uid);
    return this;
  }

  /** At every batch, every key's state after the batch (read lazily from the store). */
  public PairDStream<K, S> stateSnapshots() {
    return new PairDStream<>(context(), new StateSnapshotsNode<>(stateNode));
  }
}

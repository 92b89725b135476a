package io.tidemark.streaming;

import io.tidemark.streaming.dstream.ReplayInputNode;

/**
 * The stream of a replay source (see {@link StreamingContext#replayStream}), which can tell
 * whether its input is exhausted.
 */
public final class ReplayDStream<T> extends DStream<T> {
  private final ReplayInputNode<T> input;

  ReplayDStream(StreamingContext context, ReplayInputNode<T> node) {
    super(context, node);
    this.input = node;
  }

  /** Whether a batch has read to the end of the input. */
  public boolean isExhausted() {
    return input.isExhausted();
  }

  /** Number of records of the input once exhausted, else -1. */
  public long endOffset() {
    return input.endOffset();
  }
}

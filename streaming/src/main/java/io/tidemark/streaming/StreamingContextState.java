package io.tidemark.streaming;

/** Life-cycle state of a {@link StreamingContext}, as Spark's {@code StreamingContextState}. */
public enum StreamingContextState {
  /** Created; operators may be added. */
  INITIALIZED,
  /** Started and running batches. */
  ACTIVE,
  /** Stopped; cannot be started again. */
  STOPPED
}

package io.tidemark.streaming.dstream;

import io.tidemark.streaming.Batch;
import io.tidemark.streaming.Time;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A sliding window: at every slide, the union of the parent's batches in {@code (t - window,
 * t]}, as Spark's {@code WindowedDStream}. Both durations must be multiples of the parent's
 * slide.
 */
public final class WindowNode<T> extends StreamNode<T> {
  private final StreamNode<T> parent;
  private final Duration windowDuration;
  private final Duration slideDuration;

  public WindowNode(StreamNode<T> parent, Duration windowDuration, Duration slideDuration) {
    super(parent.graph);
    this.parent = parent;
    this.windowDuration = windowDuration;
    this.slideDuration = slideDuration;
  }

  @Override
  public List<StreamNode<?>> dependencies() {
    return List.of(parent);
  }

  @Override
  public String kind() {
    return "window";
  }

  @Override
  public Duration slideDuration() {
    return slideDuration;
  }

  @Override
  protected Duration parentReach() {
    return windowDuration;
  }

  @Override
  public void validateAtStart() {
    super.validateAtStart();
    checkMultiple(uid(), "window duration", windowDuration, parent.slideDuration());
    checkMultiple(uid(), "slide duration", slideDuration, parent.slideDuration());
  }

  static void checkMultiple(String uid, String what, Duration d, Duration parentSlide) {
    if (d.toMillis() <= 0 || d.toMillis() % parentSlide.toMillis() != 0) {
      throw new IllegalArgumentException(uid + ": the " + what + " (" + d.toMillis()
          + " ms) must be a positive multiple of the parent's slide duration (" + parentSlide.toMillis() + " ms)");
    }
  }

  @Override
  protected Optional<Batch<T>> compute(Time time) {
    List<Batch<T>> batches = parent.slice(time.minus(windowDuration), time);
    Batch<T> result = null;
    for (Batch<T> b : batches) {
      result = result == null ? b : result.union(b);
    }
    if (result == null) {
      result = Batch.ofPartitions(graph.env().tasks(), List.of());
    }
    return Optional.of(result);
  }
}

package io.tidemark.streaming.dstream;

import io.tidemark.streaming.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The graph of one context: every node, the input nodes and the output operations, with the
 * batch interval and zero time. Spark's {@code DStreamGraph}. Nodes register on creation;
 * the graph is frozen at start.
 */
public final class DStreamGraph {
  private final Duration batchDuration;
  private final List<StreamNode<?>> nodes = new ArrayList<>();
  private final List<InputNode<?>> inputs = new ArrayList<>();
  private final List<OutputOperation<?>> outputs = new ArrayList<>();
  private volatile boolean started;
  private volatile ExecutionEnvironment env;
  private Time zeroTime;
  private volatile Time retentionHorizon;
  private volatile java.util.Set<Long> rerunBatchTimes = java.util.Set.of();
  private volatile long restoredStateHighWaterMs = Long.MIN_VALUE;

  public DStreamGraph(Duration batchDuration) {
    if (batchDuration.toMillis() <= 0) {
      throw new IllegalArgumentException("batch interval must be positive, got " + batchDuration);
    }
    this.batchDuration = batchDuration;
  }

  /** The batch interval. */
  /**
   * Records what a restart runs again, before the first batch is generated: the restart plan's
   * re-runs, and every batch up to the newest version a restored state store already committed
   * (after a fall-back past a corrupt metadata checkpoint, those come as new batches).
   */
  public void rerunning(java.util.Collection<Long> batchTimesMs, long restoredStateHighWaterMs) {
    this.rerunBatchTimes = java.util.Set.copyOf(batchTimesMs);
    this.restoredStateHighWaterMs = restoredStateHighWaterMs;
  }

  /**
   * Whether {@code time} is a batch this process runs again after a restart: one the restart plan
   * re-runs, or one a restored state store had already committed.
   */
  public boolean isRerun(Time time) {
    return rerunBatchTimes.contains(time.milliseconds()) || time.milliseconds() <= restoredStateHighWaterMs;
  }

  public Duration batchDuration() {
    return batchDuration;
  }

  synchronized int register(StreamNode<?> node) {
    checkNotStarted("add a DStream");
    nodes.add(node);
    if (node instanceof InputNode<?> input) {
      inputs.add(input);
    }
    return nodes.size() - 1;
  }

  /** Adds an output operation; outputs run in the order they were added. */
  public synchronized void addOutput(OutputOperation<?> output) {
    checkNotStarted("add an output operation");
    outputs.add(output);
  }

  /** Throws if the graph is started: operators cannot be added after start (as in Spark). */
  public void checkNotStarted(String what) {
    if (started) {
      throw new IllegalStateException(
          "cannot " + what + " after the StreamingContext has started (as in Spark, the graph is fixed at start)");
    }
  }

  /** Input nodes, in creation order. */
  public synchronized List<InputNode<?>> inputs() {
    return List.copyOf(inputs);
  }

  /** Output operations, in creation order. */
  public synchronized List<OutputOperation<?>> outputs() {
    return List.copyOf(outputs);
  }

  /** Every node, in creation order. */
  public synchronized List<StreamNode<?>> nodes() {
    return List.copyOf(nodes);
  }

  /** The running environment; throws before start. */
  public ExecutionEnvironment env() {
    ExecutionEnvironment e = env;
    if (e == null) {
      throw new IllegalStateException("the StreamingContext has not started");
    }
    return e;
  }

  /** Zero time (one batch interval before the first batch time). */
  public synchronized Time zeroTime() {
    return zeroTime;
  }

  /**
   * Validates and freezes the graph, sets the zero time and remember durations, and opens node
   * resources (state stores).
   *
   * @throws IllegalArgumentException if there is no output operation, uids clash, or a node is
   *     misconfigured; the message names the node
   */
  public synchronized void start(Time zero, ExecutionEnvironment environment) {
    if (outputs.isEmpty()) {
      throw new IllegalArgumentException(
          "no output operations registered, so nothing to execute: add print(), foreachBatch() or saveAsTextFiles()");
    }
    Set<String> uids = new HashSet<>();
    for (StreamNode<?> node : nodes) {
      if (node.hasUserUid() && !uids.add(node.uid())) {
        throw new IllegalArgumentException("operator uid '" + node.uid() + "' is used twice; uids must be unique");
      }
    }
    this.env = environment;
    this.zeroTime = zero;
    started = true;
    for (StreamNode<?> node : nodes) {
      node.initialize(zero);
    }
    for (StreamNode<?> node : nodes) {
      node.remember(node.rememberDuration(), node.lineageDuration());
      node.validateAtStart();
    }
    List<StreamNode<?>> opened = new ArrayList<>();
    try {
      for (StreamNode<?> node : nodes) {
        node.start();
        opened.add(node);
      }
    } catch (RuntimeException e) {
      for (StreamNode<?> node : opened) {
        try {
          node.stop();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /** Whether {@link #start} ran. */
  public boolean isStarted() {
    return started;
  }

  /**
   * Forgets old batches of every output's lineage, and the received blocks of batches that no
   * receiver input remembers any more.
   */
  public synchronized void clearMetadata(Time time) {
    for (OutputOperation<?> out : outputs) {
      out.node().clearMetadata(time);
    }
    java.time.Duration longest = batchDuration;
    for (InputNode<?> input : inputs) {
      if (input instanceof ReceiverInputNode<?> && input.lineageDuration().compareTo(longest) > 0) {
        longest = input.lineageDuration();
      }
    }
    Time threshold = time.minus(longest);
    Time horizon = retentionHorizon;
    env().blockTracker().cleanupOldBatches(horizon != null && horizon.isBefore(threshold) ? horizon : threshold);
  }

  /**
   * With checkpointing: what batches at or after {@code horizon} read — offset ranges, received
   * blocks — is kept even when no node remembers it, because a restart from the newest data
   * checkpoint re-runs them. Null (the default) keeps only what nodes remember.
   */
  public synchronized void retainInputsFrom(Time horizon) {
    retentionHorizon = horizon;
    for (InputNode<?> input : inputs) {
      if (input instanceof ReplayInputNode<?> replay) {
        replay.retainFrom(horizon);
      }
    }
  }

  /** The retention horizon, or null without checkpointing. */
  public Time retentionHorizon() {
    return retentionHorizon;
  }

  /**
   * A data checkpoint of {@code version} was published for every stateful operator: a restart
   * now needs the inputs of batches after {@code version} only, plus what a window reaches back.
   */
  public void dataCheckpointPublished(Time version) {
    java.time.Duration longest = batchDuration;
    for (InputNode<?> input : inputs()) {
      if (input.lineageDuration().compareTo(longest) > 0) {
        longest = input.lineageDuration();
      }
    }
    retainInputsFrom(version.minus(longest).minus(batchDuration));
  }

  /** Stops every node (inputs first, then the rest), collecting failures. */
  public synchronized void stop() {
    RuntimeException failure = null;
    for (StreamNode<?> node : nodes) {
      try {
        node.stop();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}

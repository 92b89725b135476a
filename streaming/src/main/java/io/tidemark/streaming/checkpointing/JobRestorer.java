package io.tidemark.streaming.checkpointing;

import io.tidemark.checkpoint.CheckpointDirectory;
import io.tidemark.checkpoint.DataCheckpointManifest;
import io.tidemark.checkpoint.DataCheckpointReader;
import io.tidemark.checkpoint.MetadataCheckpoint;
import io.tidemark.checkpoint.MetadataReadResult;
import io.tidemark.checkpoint.OpaqueBytes;
import io.tidemark.checkpoint.OperatorSignature;
import io.tidemark.recovery.OperatorRecoveryInput;
import io.tidemark.recovery.RestartPlan;
import io.tidemark.recovery.RestartPlanner;
import io.tidemark.recovery.StateSource;
import io.tidemark.streaming.Time;
import io.tidemark.streaming.dstream.DStreamGraph;
import io.tidemark.streaming.dstream.InputNode;
import io.tidemark.streaming.dstream.StatefulNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumes a job from its checkpoint directory (DESIGN.md, "Recovery"): reads the newest valid
 * metadata checkpoint, checks that it fits the job the factory built (batch interval, key groups,
 * operator uids and kinds, state types), restores every input's position, then — once the
 * stores are open — plans the restart with {@link RestartPlanner} and loads each operator's
 * state from its local stores or from the newest data checkpoint.
 *
 * <p>A checkpoint stores data, never code: the graph always comes from the job's code, and state
 * is matched to it by operator uid.
 */
public final class JobRestorer {
  private static final Logger LOG = LoggerFactory.getLogger(JobRestorer.class);

  private JobRestorer() {}

  /**
   * Reads the newest valid metadata checkpoint of {@code directory}, if any, and checks it
   * against {@code graph}.
   *
   * @param resume whether the caller asked to resume ({@code getOrCreate}); a checkpoint found
   *     otherwise is refused rather than overwritten
   * @throws IllegalStateException naming the directory if it holds a checkpoint and {@code
   *     resume} is false, or naming the operator uid if the checkpoint's state does not fit the
   *     job and {@code allowDroppedState} is false
   * @throws IllegalArgumentException if the batch interval or the number of key groups differ
   */
  public static Optional<MetadataCheckpoint> readAndCheck(CheckpointDirectory directory, DStreamGraph graph,
      int keyGroups, boolean resume, boolean allowDroppedState) {
    MetadataReadResult result = directory.metadataReader().readNewest();
    if (result.checkpoint().isEmpty()) {
      return Optional.empty();
    }
    MetadataCheckpoint m = result.checkpoint().get();
    String file = result.file().map(Object::toString).orElse(directory.root().toString());
    if (!resume) {
      throw new IllegalStateException("the checkpoint directory " + directory.root() + " holds a checkpoint of a job ("
          + file + "); resume it with StreamingContext.getOrCreate, or use an empty directory");
    }
    if (m.batchIntervalMs() != graph.batchDuration().toMillis()) {
      throw new IllegalArgumentException("the checkpoint " + file + " was written with a batch interval of "
          + m.batchIntervalMs() + " ms, but this job's batch interval is " + graph.batchDuration().toMillis()
          + " ms; a checkpoint can only be resumed with the same batch interval");
    }
    String groups = m.configuration().get(JobCheckpointer.KEY_GROUPS);
    if (groups != null && Integer.parseInt(groups) != keyGroups) {
      throw new IllegalArgumentException("the checkpoint " + file + " has " + groups
          + " key groups, this job " + keyGroups + " (tidemark.keyGroups must stay the same)");
    }
    Map<String, StatefulNode<?>> byUid = new HashMap<>();
    for (StatefulNode<?> node : JobCheckpointer.statefulNodes(graph)) {
      byUid.put(node.uid(), node);
    }
    for (OperatorSignature sig : m.graph()) {
      StatefulNode<?> node = byUid.get(sig.operatorUid());
      String problem = node == null
          ? "the stateful operator '" + sig.operatorUid() + "' (" + sig.kind() + ") has state in the checkpoint but is not in the job"
          : !node.kind().equals(sig.kind())
              ? "the stateful operator '" + sig.operatorUid() + "' was a " + sig.kind() + " and is now a " + node.kind()
              : null;
      if (problem != null) {
        if (!allowDroppedState) {
          throw new IllegalStateException(problem + "; keep its uid, or set tidemark.recovery.allowDroppedState=true to drop its state");
        }
        LOG.warn("{}; its state is dropped (tidemark.recovery.allowDroppedState=true)", problem);
      }
    }
    for (InputNode<?> input : graph.inputs()) {
      OpaqueBytes position = m.inputPositions().get(input.uid());
      if (position != null && position.length() > 0) {
        input.restorePosition(position.toByteArray());
      }
    }
    LOG.info("resuming from {}: last completed batch {}, pending batches {}", file, m.lastCompletedBatchTimeMs(),
        m.pendingBatchTimesMs());
    return Optional.of(m);
  }

  /** The zero time the checkpoint's job ran with. */
  public static Time zeroTime(MetadataCheckpoint m) {
    String zero = m.configuration().get(JobCheckpointer.ZERO_TIME);
    if (zero == null) {
      throw new IllegalStateException("the metadata checkpoint of batch " + m.batchTimeMs() + " has no zero time");
    }
    return new Time(Long.parseLong(zero));
  }

  /**
   * Plans the restart and loads every operator's state (the graph's stores are open). Operators
   * whose local state is older than their newest data checkpoint, or missing, are restored from
   * the data checkpoint, downloaded into {@code scratch}.
   *
   * @throws IllegalStateException naming the uid if stored state no longer decodes with this
   *     job's types and {@code allowDroppedState} is false, or a data checkpoint has another
   *     number of partitions
   */
  public static RestartPlan restoreState(CheckpointDirectory directory, DStreamGraph graph, MetadataCheckpoint m,
      boolean allowDroppedState, Path scratch) {
    List<StatefulNode<?>> nodes = JobCheckpointer.statefulNodes(graph);
    List<OperatorRecoveryInput> inputs = new ArrayList<>();
    Map<String, Optional<DataCheckpointManifest>> newest = new HashMap<>();
    for (StatefulNode<?> node : nodes) {
      Optional<DataCheckpointManifest> manifest = directory.dataCheckpointReader(node.uid()).newest();
      newest.put(node.uid(), manifest);
      inputs.add(new OperatorRecoveryInput(node.uid(), node.hasNoLocalState() ? List.of() : node.localVersions(),
          manifest.map(x -> OptionalLong.of(x.version())).orElse(OptionalLong.empty())));
    }
    long lastAllocated = m.lastCompletedBatchTimeMs();
    for (long t : m.pendingBatchTimesMs()) {
      lastAllocated = Math.max(lastAllocated, t);
    }
    long zero = zeroTime(m).milliseconds();
    RestartPlan plan = RestartPlanner.plan(zero, m.batchIntervalMs(), Math.max(zero, m.lastCompletedBatchTimeMs()),
        Math.max(zero, lastAllocated), inputs);
    for (StatefulNode<?> node : nodes) {
      StateSource source = plan.stateSources().get(node.uid());
      if (source instanceof StateSource.DataCheckpoint dc) {
        download(directory.dataCheckpointReader(node.uid()), newest.get(node.uid()).orElseThrow(), node, scratch);
        LOG.info("{}: state restored from data checkpoint {}", node.uid(), dc.version());
      } else {
        LOG.info("{}: state from {}", node.uid(), source);
      }
      checkStateTypes(node, m, allowDroppedState);
    }
    LOG.info("restart plan: re-run batches {}, then new batches from {}", plan.rerunBatchTimes(), plan.firstNewBatchTime());
    return plan;
  }

  private static void download(DataCheckpointReader reader, DataCheckpointManifest manifest, StatefulNode<?> node,
      Path scratch) {
    int partitions = node.localVersions().size();
    if (manifest.partitions().size() != partitions) {
      throw new IllegalStateException("the data checkpoint " + manifest.fileName() + " of '" + node.uid() + "' has "
          + manifest.partitions().size() + " partitions, the job " + partitions + "; rescaling is not supported");
    }
    for (int p = 0; p < partitions; p++) {
      Path target = scratch.resolve(node.uid()).resolve("partition-" + p);
      JobCheckpointer.deleteRecursively(target);
      reader.download(manifest, p, target);
      node.restorePartition(p, target);
      JobCheckpointer.deleteRecursively(target);
    }
  }

  private static void checkStateTypes(StatefulNode<?> node, MetadataCheckpoint m, boolean allowDroppedState) {
    OperatorSignature sig = null;
    for (OperatorSignature s : m.graph()) {
      if (s.operatorUid().equals(node.uid())) {
        sig = s;
      }
    }
    String problem = null;
    try {
      Optional<String[]> types = node.sampleStateTypes();
      if (sig != null && types.isPresent() && !sig.valueClass().isEmpty()
          && (!types.get()[0].equals(sig.keyClass()) || !types.get()[1].equals(sig.valueClass()))) {
        problem = "the state of '" + node.uid() + "' was written as " + sig.keyClass() + " -> " + sig.valueClass()
            + " but reads back as " + types.get()[0] + " -> " + types.get()[1]
            + " (the Kryo registrations or the state type changed)";
      }
    } catch (RuntimeException e) {
      problem = "the state of '" + node.uid() + "' cannot be read with this job's types: " + e.getMessage();
    }
    if (problem != null) {
      if (!allowDroppedState) {
        throw new IllegalStateException(problem + "; set tidemark.recovery.allowDroppedState=true to drop it");
      }
      LOG.warn("{}; dropping it (tidemark.recovery.allowDroppedState=true)", problem);
      node.dropState();
    }
  }
}

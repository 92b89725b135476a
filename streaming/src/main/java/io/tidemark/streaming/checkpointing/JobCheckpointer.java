package io.tidemark.streaming.checkpointing;

import io.tidemark.checkpoint.CheckpointDirectory;
import io.tidemark.checkpoint.MetadataCheckpoint;
import io.tidemark.state.StateStore;
import io.tidemark.checkpoint.OpaqueBytes;
import io.tidemark.checkpoint.OperatorSignature;
import io.tidemark.checkpoint.UploadResult;
import io.tidemark.state.snapshot.StateSnapshot;
import io.tidemark.streaming.Time;
import io.tidemark.streaming.dstream.DStreamGraph;
import io.tidemark.streaming.dstream.InputNode;
import io.tidemark.streaming.dstream.StatefulNode;
import io.tidemark.streaming.dstream.StreamNode;
import io.tidemark.streaming.scheduler.CrashPoint;
import io.tidemark.streaming.scheduler.FaultInjection;
import io.tidemark.streaming.scheduler.TaskFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a job's checkpoints into its checkpoint directory (DESIGN.md, "The life of a batch",
 * steps 2, 5 and 6):
 *
 * <ul>
 *   <li>a <b>metadata checkpoint</b> after a batch's input is allocated (before any of its jobs
 *       runs, so a re-run reads exactly the same input; {@link #batchAllocated} returns once it
 *       is durable) and after the batch completes (written in the background, as Spark's
 *       {@code CheckpointWriter} does: the next batch need not wait for it): the graph's
 *       signature, the last completed batch, the pending batches, every input's position, every
 *       operator's newest data-checkpoint version and the settings a restart needs. One writer
 *       thread writes them in the order their contents were taken, so the newest file holds the
 *       newest knowledge. A completion not yet durable at a crash only means the batch runs
 *       again after the restart, as any batch that was running: its stores skip the update they
 *       already committed;
 *   <li>every checkpoint interval, a <b>data checkpoint</b> of every stateful operator: the
 *       partitions' stores are snapshotted in parallel on the task threads while the job thread
 *       waits (RocksDB: flush, hard links), then a background thread uploads only the files the
 *       previous data checkpoint lacks and publishes the manifest; one upload at a time (a due
 *       checkpoint is skipped while one runs);
 *   <li>after a data checkpoint of version {@code c}, inputs and the received block tracker may
 *       forget what only batches up to {@code c} needed (lineage truncation).
 * </ul>
 *
 * <p>Thread-safe: the JobGenerator and the job thread call it; the metadata's contents are
 * taken under one lock. A failed background write fails the job at once (through the failure
 * callback) and the next call of this class throws it.
 */
public final class JobCheckpointer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobCheckpointer.class);
  /** Configuration key of the zero time in metadata checkpoints. */
  public static final String ZERO_TIME = "tidemark.zeroTimeMs";
  /** Configuration key of the number of key groups in metadata checkpoints. */
  public static final String KEY_GROUPS = "tidemark.keyGroups";
  /** Configuration key of the Kryo registrations (class names, in order). */
  public static final String KRYO_CLASSES = "tidemark.kryoClasses";

  private final CheckpointDirectory directory;
  private final DStreamGraph graph;
  private final long dataCheckpointIntervalMs;
  private final Path localSnapshots;
  private final Map<String, String> configuration;
  private final TreeSet<Long> pending = new TreeSet<>();
  private final Map<String, Long> dataVersions = new TreeMap<>();
  private final Map<String, String[]> stateTypes = new LinkedHashMap<>();
  private final ExecutorService uploader;
  private final ExecutorService metadataWrites;
  private long lastCompleted = MetadataCheckpoint.NO_BATCH;
  private long lastDataCheckpoint;
  private long lastWrittenName = Long.MIN_VALUE;
  private final java.util.function.Consumer<Throwable> onBackgroundFailure;
  private Future<?> upload;
  private volatile Throwable uploadFailure;
  private volatile Throwable metadataWriteFailure;

  /**
   * @param dataCheckpointInterval time between data checkpoints, a multiple of the batch interval
   * @param localSnapshots a local directory for snapshots before they are uploaded
   * @param configuration settings a restart checks (zero time, key groups, Kryo classes)
   * @param dataVersions the newest data-checkpoint version of each operator so far
   * @param onBackgroundFailure told of a failed upload or background metadata write, on that
   *     thread: it should fail the job
   */
  public JobCheckpointer(CheckpointDirectory directory, DStreamGraph graph, Duration dataCheckpointInterval,
      Path localSnapshots, Map<String, String> configuration, Map<String, Long> dataVersions, long lastCompleted,
      List<OperatorSignature> previousSignature, java.util.function.Consumer<Throwable> onBackgroundFailure) {
    this.onBackgroundFailure = onBackgroundFailure;
    this.directory = directory;
    this.graph = graph;
    this.dataCheckpointIntervalMs = dataCheckpointInterval.toMillis();
    this.localSnapshots = localSnapshots;
    this.configuration = Map.copyOf(configuration);
    this.dataVersions.putAll(dataVersions);
    this.lastCompleted = lastCompleted;
    this.lastDataCheckpoint = lastCompleted;
    for (OperatorSignature sig : previousSignature) { // keep the state types a restart checks
      if (!sig.valueClass().isEmpty()) {
        stateTypes.put(sig.operatorUid(), new String[] {sig.keyClass(), sig.valueClass()});
      }
    }
    this.uploader = singleDaemonThread("tidemark-data-checkpoint-upload");
    this.metadataWrites = singleDaemonThread("tidemark-metadata-checkpoint-writer");
  }

  private static ExecutorService singleDaemonThread(String name) {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** The checkpoint directory written to. */
  public CheckpointDirectory directory() {
    return directory;
  }

  /**
   * Records that {@code time}'s input is allocated; returns once the metadata is durable (and
   * every metadata checkpoint queued before it).
   *
   * @throws RuntimeException as the checkpoint storage throws it when the write fails, or the
   *     failure of an earlier background write
   */
  public void batchAllocated(Time time) {
    CompletableFuture<Void> written;
    synchronized (this) {
      failIfMetadataWriteFailed();
      pending.add(time.milliseconds());
      written = write(time.milliseconds(), false);
    }
    awaitWrite(written);
  }

  /**
   * Records that {@code time} completed: may take a data checkpoint (returns once its snapshots
   * are taken; the upload runs in the background) and queues the metadata checkpoint, which is
   * written in the background.
   *
   * @throws RuntimeException the failure of the snapshots, of an earlier upload or of an earlier
   *     metadata write
   */
  public synchronized void batchCompleted(Time time) {
    failIfUploadFailed();
    failIfMetadataWriteFailed();
    pending.remove(time.milliseconds());
    lastCompleted = Math.max(lastCompleted, time.milliseconds());
    CompletableFuture<Void> completionWritten = new CompletableFuture<>();
    if (time.milliseconds() - lastDataCheckpoint >= dataCheckpointIntervalMs && (upload == null || upload.isDone())) {
      startDataCheckpoint(time, completionWritten);
    }
    write(time.milliseconds(), true).whenComplete((ok, failed) -> completionWritten.complete(null));
  }

  /**
   * Takes a data checkpoint of the state as of {@code time} now (unless one of {@code time}
   * exists) and waits until it is published, then writes the metadata: the final checkpoint of a
   * graceful stop. Call when no batch runs.
   */
  public void checkpointNow(Time time) throws InterruptedException {
    Future<?> running;
    synchronized (this) {
      running = upload;
    }
    await(running); // the upload takes this lock to record its version: wait outside it
    Future<?> mine = null;
    synchronized (this) {
      if (lastDataCheckpoint < time.milliseconds() || !dataVersions.values().stream().allMatch(v -> v >= time.milliseconds())) {
        // done once every metadata write queued so far (the batches' completions) is
        mine = startDataCheckpoint(time, CompletableFuture.runAsync(() -> { }, metadataWrites));
      }
    }
    await(mine);
    CompletableFuture<Void> written;
    synchronized (this) {
      failIfUploadFailed();
      failIfMetadataWriteFailed();
      written = write(time.milliseconds(), false);
    }
    awaitWrite(written);
  }

  /** Waits for a metadata write; its failure is thrown as the storage threw it. */
  private static void awaitWrite(CompletableFuture<Void> written) {
    try {
      written.get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing a metadata checkpoint", e);
    }
  }

  private void failIfMetadataWriteFailed() {
    Throwable failure = metadataWriteFailure;
    if (failure != null) {
      throw new IllegalStateException("a metadata checkpoint failed: " + failure.getMessage(), failure);
    }
  }

  private static void await(Future<?> future) throws InterruptedException {
    if (future != null) {
      try {
        future.get();
      } catch (java.util.concurrent.ExecutionException e) {
        // reported through uploadFailure
      }
    }
  }

  /**
   * Snapshots the stores as of {@code time} and starts their upload.
   *
   * @param metadataBefore done once the metadata of every batch up to {@code time} is written
   *     (or failed): only then does the upload record its version and let inputs and received
   *     blocks before it be forgotten. A batch whose completion is not durable runs again after a
   *     crash and must still find its input.
   */
  private Future<?> startDataCheckpoint(Time time, CompletableFuture<Void> metadataBefore) {
    List<StatefulNode<?>> operators = statefulNodes(graph);
    if (operators.isEmpty()) {
      lastDataCheckpoint = time.milliseconds();
      return null;
    }
    long newestStore = operators.stream().flatMap(n -> n.localVersions().stream()).mapToLong(Long::longValue)
        .max().orElse(StateStore.NO_VERSION);
    if (newestStore > time.milliseconds()) {
      // After a restart a store may already hold later batches than the one being run again (the
      // restart re-runs from the lowest version of all, or fell back past a corrupt metadata
      // checkpoint): a checkpoint "as of" this batch would hold later state. The next batch past
      // every store takes it.
      LOG.info("data checkpoint at batch {} deferred: a state store already committed batch {} ms", time,
          newestStore);
      return null;
    }
    Path dir = localSnapshots.resolve("v" + time.milliseconds());
    deleteRecursively(dir);
    Map<String, List<StateSnapshot>> snapshots = snapshotAll(operators, dir);
    for (StatefulNode<?> node : operators) {
      node.sampleStateTypes().ifPresent(types -> stateTypes.put(node.uid(), types));
    }
    lastDataCheckpoint = time.milliseconds();
    long version = time.milliseconds();
    upload = uploader.submit(() -> {
      try {
        long bytes = 0;
        long reused = 0;
        for (Map.Entry<String, List<StateSnapshot>> e : snapshots.entrySet()) {
          UploadResult r = directory.dataCheckpointWriter(e.getKey()).write(version, e.getValue());
          bytes += r.bytesUploaded();
          reused += r.bytesReused();
          FaultInjection.reached(CrashPoint.DURING_DATA_CHECKPOINT);
        }
        try {
          metadataBefore.get(); // interruptible: close() stops a wait that cannot end
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("data checkpoint " + version + " not recorded: stopped while waiting "
              + "for the metadata checkpoints before it", e);
        }
        Throwable metadataFailed = metadataWriteFailure;
        if (metadataFailed != null) {
          throw new IllegalStateException("data checkpoint " + version + " not recorded: a metadata checkpoint "
              + "failed: " + metadataFailed.getMessage(), metadataFailed);
        }
        synchronized (this) {
          for (String uid : snapshots.keySet()) {
            dataVersions.put(uid, version);
          }
        }
        graph.dataCheckpointPublished(new Time(version));
        LOG.info("data checkpoint {} published: {} bytes uploaded, {} bytes reused", version, bytes, reused);
      } catch (RuntimeException | FaultInjection.SimulatedCrash e) {
        uploadFailure = e;
        LOG.error("data checkpoint {} failed", version, e);
        // Fail the job now: with no later batch, nothing else would notice.
        onBackgroundFailure.accept(new IllegalStateException("data checkpoint " + version + " failed: " + e, e));
        throw e;
      } finally {
        deleteRecursively(dir);
      }
    });
    return upload;
  }

  /**
   * Snapshots every partition of every operator under {@code dir/<uid>/}, the stores in parallel
   * on the task threads: each snapshot mostly waits for its store's flush and fsyncs, so taking
   * them one after the other on the job thread (4 stores: 25–45 ms every checkpoint interval in
   * the flights job) would delay the next batch by their sum instead of by the slowest.
   *
   * @return per operator uid, in the order of {@code operators}, its snapshots in partition order
   * @throws RuntimeException the first store's failure (others suppressed), as the store threw it
   */
  private Map<String, List<StateSnapshot>> snapshotAll(List<StatefulNode<?>> operators, Path dir) {
    record Store(StatefulNode<?> node, int partition) {}
    List<Store> stores = new ArrayList<>();
    for (StatefulNode<?> node : operators) {
      for (int p = 0; p < node.numPartitions(); p++) {
        stores.add(new Store(node, p));
      }
    }
    StateSnapshot[] taken = new StateSnapshot[stores.size()];
    try {
      graph.env().tasks().runTasks(taken.length, i -> {
        Store store = stores.get(i);
        taken[i] = store.node().snapshot(store.partition(), dir.resolve(store.node().uid()));
      });
    } catch (TaskFailedException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        for (Throwable other : e.getSuppressed()) {
          cause.addSuppressed(other);
        }
        throw cause;
      }
      throw e;
    }
    Map<String, List<StateSnapshot>> out = new LinkedHashMap<>();
    for (int i = 0; i < taken.length; i++) {
      out.computeIfAbsent(stores.get(i).node().uid(), uid -> new ArrayList<>()).add(taken[i]);
    }
    return out;
  }

  private void failIfUploadFailed() {
    Throwable failure = uploadFailure;
    if (failure != null) {
      uploadFailure = null;
      throw new IllegalStateException("a data checkpoint failed: " + failure.getMessage(), failure);
    }
  }

  /**
   * Takes the metadata checkpoint's contents now and queues its write. Its name carries the
   * highest batch time written so far, not the event's: when batches queue, the completion of an
   * older batch is recorded after the allocation of a newer one, and the newest file must hold
   * the newest knowledge (a file of the same name is replaced). Called under the lock, so writes
   * are queued in the order their contents were taken.
   *
   * @param background whether nobody waits for it: its failure then fails the job through the
   *     callback (a waited-for write's failure is thrown to the waiter)
   * @return the write, done once the file is durable
   */
  private CompletableFuture<Void> write(long eventBatchTimeMs, boolean background) {
    long batchTimeMs = Math.max(eventBatchTimeMs, lastWrittenName);
    lastWrittenName = batchTimeMs;
    Map<String, OpaqueBytes> positions = new TreeMap<>();
    for (InputNode<?> input : graph.inputs()) {
      positions.put(input.uid(), OpaqueBytes.of(input.checkpointPosition()));
    }
    MetadataCheckpoint checkpoint = new MetadataCheckpoint(directory.epoch(), batchTimeMs,
        graph.batchDuration().toMillis(), signature(), lastCompleted, new ArrayList<>(pending),
        new TreeMap<>(positions), new TreeMap<>(dataVersions), new TreeMap<>(configuration));
    return CompletableFuture.runAsync(() -> {
      Throwable earlier = metadataWriteFailure;
      if (earlier != null) { // the job is failing; a waiter must not take this one as durable
        throw new IllegalStateException("metadata checkpoint " + batchTimeMs + " not written: an earlier one failed: "
            + earlier.getMessage(), earlier);
      }
      try {
        directory.metadataWriter().write(checkpoint);
      } catch (RuntimeException | Error e) {
        // recorded before anyone is told, so that every report of it names the batch
        IllegalStateException failure = new IllegalStateException("metadata checkpoint of batch " + eventBatchTimeMs
            + " ms (file of " + batchTimeMs + " ms) failed: " + e, e);
        metadataWriteFailure = failure;
        if (background) {
          LOG.error("metadata checkpoint of batch {} ms failed", eventBatchTimeMs, e);
          onBackgroundFailure.accept(failure);
        }
        throw failure;
      }
    }, metadataWrites);
  }

  private List<OperatorSignature> signature() {
    List<OperatorSignature> out = new ArrayList<>();
    for (StatefulNode<?> node : statefulNodes(graph)) {
      String[] types = stateTypes.getOrDefault(node.uid(), new String[] {"", ""});
      out.add(new OperatorSignature(node.uid(), node.kind(), types[0], types[1]));
    }
    return out;
  }

  /** Every stateful node of {@code graph}, in creation order. */
  public static List<StatefulNode<?>> statefulNodes(DStreamGraph graph) {
    List<StatefulNode<?>> out = new ArrayList<>();
    for (StreamNode<?> node : graph.nodes()) {
      if (node instanceof StatefulNode<?> s) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * Waits (bounded) for the queued metadata writes and a running upload, stops their threads and
   * releases the directory.
   */
  @Override
  public void close() {
    shutDown(metadataWrites, "the queued metadata checkpoints were not written within 60 s; a restart runs "
        + "their batches again");
    shutDown(uploader, "a data checkpoint upload did not finish within 60 s; it is abandoned (no manifest is "
        + "published)");
    directory.close();
  }

  /** Lets {@code executor} finish what it has for up to 60 s, then stops it, logging {@code ifLeft}. */
  private static void shutDown(ExecutorService executor, String ifLeft) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
        LOG.warn(ifLeft);
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("cannot delete {}", dir, e);
    }
  }

  /** The newest data-checkpoint version of each operator (a copy). */
  public synchronized Map<String, Long> dataCheckpointVersions() {
    return new TreeMap<>(dataVersions);
  }

}

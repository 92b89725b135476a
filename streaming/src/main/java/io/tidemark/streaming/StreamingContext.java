package io.tidemark.streaming;

import io.tidemark.state.RocksDbStateOptions;
import io.tidemark.state.StateBackend;
import io.tidemark.state.StateBackends;
import io.tidemark.state.serde.KryoRegistry;
import io.tidemark.state.serde.KryoSerde;
import io.tidemark.checkpoint.CheckpointDirectory;
import io.tidemark.checkpoint.CheckpointOptions;
import io.tidemark.checkpoint.MetadataCheckpoint;
import io.tidemark.recovery.RestartPlan;
import io.tidemark.streaming.checkpointing.JobCheckpointer;
import io.tidemark.streaming.checkpointing.JobRestorer;
import io.tidemark.streaming.dstream.DStreamGraph;
import io.tidemark.streaming.dstream.ExecutionEnvironment;
import io.tidemark.streaming.dstream.FileInputNode;
import io.tidemark.streaming.dstream.InputNode;
import io.tidemark.streaming.dstream.QueueInputNode;
import io.tidemark.streaming.dstream.ReceiverInputNode;
import io.tidemark.streaming.dstream.ReplayInputNode;
import io.tidemark.streaming.dstream.StreamNode;
import io.tidemark.streaming.dstream.TransformNode;
import io.tidemark.streaming.dstream.UnionNode;
import io.tidemark.streaming.receiver.ReceivedBlockTracker;
import io.tidemark.streaming.receiver.Receiver;
import io.tidemark.streaming.receiver.SocketReceiver;
import io.tidemark.streaming.scheduler.Clock;
import io.tidemark.streaming.scheduler.JobGenerator;
import io.tidemark.streaming.scheduler.JobScheduler;
import io.tidemark.streaming.scheduler.ManualClock;
import io.tidemark.streaming.scheduler.SystemClock;
import io.tidemark.streaming.scheduler.TaskPool;
import io.tidemark.streaming.source.ReplayInput;
import io.tidemark.wal.fs.SegmentedFileLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of a streaming job, with Spark Streaming's life cycle: create the context,
 * define input DStreams, transformations and output operations, then {@link #start()}; the
 * job runs one batch every batch interval until {@link #stop}. After start no operator can be
 * added; a stopped context cannot be started again; only one context may be active in a JVM.
 * An error in a batch stops the context and is thrown by {@link #awaitTermination()}.
 *
 * <p>Thread-safety: define the graph from one thread; {@code start}, {@code stop}, {@code
 * awaitTermination} and {@code getState} may be called from any thread, except that {@code
 * stop} must not be called from a job or a listener.
 */
public final class StreamingContext implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamingContext.class);
  private static final AtomicReference<StreamingContext> ACTIVE = new AtomicReference<>();

  private final TidemarkConf conf;
  private final DStreamGraph graph;
  private final Clock clock;
  private final CopyOnWriteArrayList<StreamingListener> listeners = new CopyOnWriteArrayList<>();
  private final Object lifecycle = new Object();
  private StreamingContextState state = StreamingContextState.INITIALIZED;
  private final AtomicReference<Throwable> firstError = new AtomicReference<>();
  private volatile boolean stopping;
  private TaskPool tasks;
  private StateBackend stateBackend;
  private Path temporaryStateDir;
  private Path stateDir;
  private JobScheduler scheduler;
  private JobGenerator generator;
  private org.apache.hadoop.fs.Path checkpointDir;
  /** Null until asked for: Hadoop's defaults, created by {@link #hadoopConf()} only if needed. */
  private org.apache.hadoop.conf.Configuration hadoopConf;
  private ReceivedBlockTracker blockTracker;
  private boolean resumeRequested;
  private JobCheckpointer checkpointer;
  private Thread shutdownHook;

  /**
   * A context whose batches are {@code batchInterval} apart.
   *
   * @param conf the configuration (copied)
   * @param batchInterval positive; whole milliseconds
   * @throws IllegalArgumentException if the interval is not positive
   */
  public StreamingContext(TidemarkConf conf, Duration batchInterval) {
    this.conf = new TidemarkConf(conf);
    this.graph = new DStreamGraph(batchInterval);
    String clockName = this.conf.get(TidemarkConf.CLOCK).orElse("system");
    switch (clockName) {
      case "system":
        this.clock = new SystemClock();
        break;
      case "manual":
        this.clock = new ManualClock();
        break;
      default:
        throw new IllegalArgumentException(TidemarkConf.CLOCK + " must be 'system' or 'manual', got '" + clockName + "'");
    }
    if (this.conf.get(TidemarkConf.STATE_BACKEND).orElse("rocksdb").equals("rocksdb")) {
      // Loads while the job is built and the checkpoint read: a faster restart.
      io.tidemark.state.StateBackends.preloadRocksDb();
    }
  }

  /**
   * Builds the job with {@code factory} and, when {@code checkpointDirectory} holds a checkpoint,
   * resumes it at {@link #start()}: state is restored into the new graph by operator uid, and the
   * batches the checkpoint did not see complete run again with their logged input before new
   * ones. A checkpoint stores data, never code, so a job whose functions changed resumes; a
   * stateful operator whose uid vanished or whose state no longer decodes is refused (or dropped
   * with {@code tidemark.recovery.allowDroppedState=true}). Spark's {@code getOrCreate}, except
   * that the factory always runs.
   *
   * @param factory builds an unstarted context with its whole graph
   */
  public static StreamingContext getOrCreate(String checkpointDirectory, java.util.function.Supplier<StreamingContext> factory) {
    return resume(factory, ssc -> ssc.checkpoint(checkpointDirectory));
  }

  /** As {@link #getOrCreate(String, java.util.function.Supplier)} with a Hadoop configuration. */
  public static StreamingContext getOrCreate(String checkpointDirectory, org.apache.hadoop.conf.Configuration hadoopConf,
      java.util.function.Supplier<StreamingContext> factory) {
    return resume(factory, ssc -> ssc.checkpoint(checkpointDirectory, hadoopConf));
  }

  private static StreamingContext resume(java.util.function.Supplier<StreamingContext> factory,
      java.util.function.Consumer<StreamingContext> setCheckpoint) {
    StreamingContext ssc = factory.get();
    if (ssc == null) {
      throw new IllegalArgumentException("the factory returned no StreamingContext");
    }
    setCheckpoint.accept(ssc);
    ssc.resumeRequested = true;
    return ssc;
  }

  /** The active (started, not stopped) context of this JVM, if any. */
  public static Optional<StreamingContext> getActive() {
    return Optional.ofNullable(ACTIVE.get());
  }

  /** The configuration (a copy made at construction; do not change it). */
  public TidemarkConf conf() {
    return conf;
  }

  /** The batch interval. */
  public Duration batchDuration() {
    return graph.batchDuration();
  }

  /** The batch clock; a {@link ManualClock} when {@code tidemark.streaming.clock=manual}. */
  public Clock clock() {
    return clock;
  }

  /** The graph; for the engine's own packages. */
  public DStreamGraph graph() {
    return graph;
  }

  /**
   * Sets the checkpoint directory (a local path or any Hadoop FileSystem URI: {@code file://},
   * {@code hdfs://}, {@code s3a://}), as Spark's {@code StreamingContext.checkpoint}: metadata
   * checkpoints ({@code metadata/}), data checkpoints of the state ({@code state/}), the received
   * block tracker's log ({@code tracker/}) and the receivers' write-ahead logs ({@code
   * receivers/<streamId>/}). With Hadoop's default configuration: a plain path is the local file
   * system unless a {@code core-site.xml} on the class path names another default file system
   * ({@link CheckpointDirectory#qualifyWithDefaults}); no Hadoop configuration is created for a
   * local directory.
   *
   * @throws IllegalStateException after start
   */
  public void checkpoint(String directory) {
    graph.checkNotStarted("set the checkpoint directory");
    // Hadoop's defaults, without creating them for a local directory (0.1-0.4 s of a start)
    this.checkpointDir = CheckpointDirectory.qualifyWithDefaults(directory);
    this.hadoopConf = null;
  }

  /** As {@link #checkpoint(String)}, with the Hadoop configuration of its file system. */
  public void checkpoint(String directory, org.apache.hadoop.conf.Configuration conf) {
    graph.checkNotStarted("set the checkpoint directory");
    this.checkpointDir = new org.apache.hadoop.fs.Path(directory);
    this.hadoopConf = new org.apache.hadoop.conf.Configuration(conf);
  }

  /** The Hadoop configuration of the checkpoint directory's file system, created when first needed. */
  private synchronized org.apache.hadoop.conf.Configuration hadoopConf() {
    if (hadoopConf == null) {
      hadoopConf = new org.apache.hadoop.conf.Configuration();
    }
    return hadoopConf;
  }

  /** The checkpoint directory, if set. */
  public Optional<String> checkpointDirectory() {
    return Optional.ofNullable(checkpointDir).map(Object::toString);
  }

  /** Registers a listener of batch events. */
  public void addStreamingListener(StreamingListener listener) {
    listeners.add(listener);
  }

  /** Life-cycle state. */
  public StreamingContextState getState() {
    synchronized (lifecycle) {
      return state;
    }
  }

  // ---------------------------------------------------------------- inputs

  /**
   * A stream of the lists in {@code queue}: one list per batch ({@code oneAtATime}) or all
   * queued lists, each list one partition; {@code defaultBatch} (may be null) when the queue is
   * empty. As Spark's {@code queueStream}, not fault-tolerant: for tests and demos.
   */
  public <T> DStream<T> queueStream(Queue<? extends List<T>> queue, boolean oneAtATime, List<T> defaultBatch) {
    return new DStream<>(this, new QueueInputNode<>(graph, queue, oneAtATime, defaultBatch));
  }

  /** {@link #queueStream(Queue, boolean, List)} one list per batch, no default. */
  public <T> DStream<T> queueStream(Queue<? extends List<T>> queue) {
    return queueStream(queue, true, null);
  }

  /**
   * A replay stream: every batch takes the next {@code recordsPerBatch} records of {@code
   * input} as its offset range, fixed before the batch runs and re-readable after a failure.
   *
   * @param recordsPerBatch {@code >= 1} and at most {@link Integer#MAX_VALUE}
   * @throws IllegalArgumentException if {@code recordsPerBatch} is out of range
   */
  public <T> ReplayDStream<T> replayStream(ReplayInput<T> input, long recordsPerBatch) {
    return new ReplayDStream<>(this, new ReplayInputNode<>(graph, input, recordsPerBatch, 0));
  }

  /** A stream of the records a custom {@link Receiver} stores. */
  public <T> DStream<T> receiverStream(Receiver<T> receiver) {
    return new DStream<>(this, new ReceiverInputNode<>(graph, receiver));
  }

  /**
   * Lines received over TCP from {@code host:port} (UTF-8, one record per line), through a
   * receiver with a BlockGenerator. Lines buffered in memory are lost on a crash.
   */
  public DStream<String> socketTextStream(String host, int port) {
    return receiverStream(new SocketReceiver(host, port));
  }

  /**
   * Lines of new files in {@code directory}, with Spark's rules (see {@link FileInputNode}):
   * only files that appear after start, moved in atomically, names not starting with {@code .}
   * or {@code _}.
   */
  public DStream<String> textFileStream(Path directory) {
    return fileStream(directory, null, true);
  }

  /**
   * Lines of new files in {@code directory} that pass {@code filter} (null: the default
   * filter); {@code newFilesOnly=false} also takes files present at start (within the remember
   * window).
   */
  public DStream<String> fileStream(Path directory, Predicate<Path> filter, boolean newFilesOnly) {
    return new DStream<>(this, new FileInputNode(graph, directory, filter, newFilesOnly));
  }

  /** The union of streams of the same slide. */
  @SafeVarargs
  public final <T> DStream<T> union(DStream<T> first, DStream<T>... more) {
    List<StreamNode<T>> nodes = new ArrayList<>();
    nodes.add(first.node());
    for (DStream<T> d : more) {
      nodes.add(d.node());
    }
    return new DStream<>(this, new UnionNode<>(nodes));
  }

  /** A stream computed from the batches of several streams at each batch time. */
  public <R> DStream<R> transform(List<DStream<?>> streams, BiFunction<List<Batch<?>>, Time, Batch<R>> f) {
    List<StreamNode<?>> nodes = new ArrayList<>();
    for (DStream<?> d : streams) {
      nodes.add(d.node());
    }
    return new DStream<>(this, new TransformNode<>(nodes, f));
  }

  // ---------------------------------------------------------------- life cycle

  /**
   * Starts the job: validates the graph, opens state stores and starts inputs, then generates a
   * batch every batch interval from the next multiple of the interval on the clock.
   *
   * @throws IllegalStateException if the context was started or stopped before, or another
   *     context is active in this JVM
   * @throws IllegalArgumentException if the graph is invalid (no output, clashing uids, bad
   *     window); nothing is left running then
   */
  public void start() {
    synchronized (lifecycle) {
      if (state == StreamingContextState.ACTIVE) {
        throw new IllegalStateException("the StreamingContext has already been started");
      }
      if (state == StreamingContextState.STOPPED) {
        throw new IllegalStateException("the StreamingContext has already been stopped; create a new one");
      }
      boolean stopGracefullyOnShutdown = conf.stopGracefullyOnShutdown(); // refused before anything starts
      if (!ACTIVE.compareAndSet(null, this)) {
        throw new IllegalStateException("only one StreamingContext may be active in a JVM; stop the active one first");
      }
      try {
        startLocked();
      } catch (RuntimeException e) {
        ACTIVE.compareAndSet(this, null);
        releaseResources();
        state = StreamingContextState.STOPPED;
        throw e;
      }
      state = StreamingContextState.ACTIVE;
      if (stopGracefullyOnShutdown) {
        shutdownHook = new Thread(() -> stop(true), "tidemark-graceful-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
      }
    }
  }

  private void startLocked() {
    int partitions = conf.partitions();
    int keyGroups = conf.keyGroups();
    boolean allowDropped = conf.allowDroppedState();
    if (partitions > keyGroups) {
      throw new IllegalArgumentException(TidemarkConf.PARTITIONS + "=" + partitions
          + " exceeds " + TidemarkConf.KEY_GROUPS + "=" + keyGroups);
    }
    KryoRegistry.Builder registry = KryoRegistry.builder();
    for (Class<?> c : conf.kryoClasses()) {
      registry.register(c);
    }
    KryoSerde serde = new KryoSerde(registry.build());
    if (conf.receiverWalEnabled() && checkpointDir == null) {
      throw new IllegalArgumentException(TidemarkConf.RECEIVER_WAL_ENABLE
          + "=true needs a checkpoint directory for the logs: call ssc.checkpoint(directory) before start");
    }
    boolean hasReceivers = graph.inputs().stream().anyMatch(i -> i instanceof io.tidemark.streaming.dstream.ReceiverInputNode<?>);
    blockTracker = checkpointDir == null || !hasReceivers
        ? ReceivedBlockTracker.inMemory()
        : ReceivedBlockTracker.recover(SegmentedFileLog.open(
            new org.apache.hadoop.fs.Path(checkpointDir, "tracker"), hadoopConf(), conf.walOptions()));
    CheckpointDirectory directory = checkpointDir == null ? null
        : CheckpointDirectory.openForWriting(checkpointDir, this::hadoopConf, CheckpointOptions.defaults());
    try {
      Optional<MetadataCheckpoint> previous = directory == null ? Optional.empty()
          : JobRestorer.readAndCheck(directory, graph, keyGroups, resumeRequested, allowDropped);
      if (directory != null && previous.isEmpty()) {
        blockTracker.revokeAllocations(); // batches allocated by a process that died before its first checkpoint
      }
      stateBackend = openStateBackend(directory != null, previous.isEmpty());
      tasks = new TaskPool(partitions);
      ExecutionEnvironment env = new ExecutionEnvironment(tasks, serde, stateBackend, clock, conf, partitions, keyGroups,
          blockTracker, checkpointDir, this::hadoopConf);
      scheduler = new JobScheduler(graph, clock, listeners, this::onBatchFailure);
      generator = new JobGenerator(graph, clock, scheduler);
      Time first = generator.firstBatchTime();
      Time zero = previous.map(JobRestorer::zeroTime).orElse(first.minus(graph.batchDuration()));
      graph.start(zero, env);
      if (directory != null) {
        if (graph.inputs().stream().anyMatch(i -> !i.isReplayable())) {
          LOG.warn("a queueStream cannot be read again after a restart; its batches are lost on a failure");
        }
        Map<String, Long> dataVersions = previous.<Map<String, Long>>map(MetadataCheckpoint::dataCheckpointVersions).orElse(Map.of());
        long lastCompleted = previous.map(MetadataCheckpoint::lastCompletedBatchTimeMs).orElse(zero.milliseconds());
        if (previous.isPresent()) {
          RestartPlan plan = JobRestorer.restoreState(directory, graph, previous.get(), allowDropped,
              stateDir.resolve("_restore"));
          graph.rerunning(plan.rerunBatchTimes(), JobCheckpointer.statefulNodes(graph).stream()
              .flatMap(n -> n.localVersions().stream()).mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE));
          first = new Time(plan.rerunBatchTimes().isEmpty() ? plan.firstNewBatchTime() : plan.rerunBatchTimes().get(0));
        }
        long oldestData = dataVersions.values().stream().mapToLong(Long::longValue).min().orElse(zero.milliseconds());
        graph.retainInputsFrom(new Time(Math.min(oldestData, zero.milliseconds())));
        if (!dataVersions.isEmpty()) {
          graph.dataCheckpointPublished(new Time(oldestData));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(JobCheckpointer.ZERO_TIME, Long.toString(zero.milliseconds()));
        settings.put(JobCheckpointer.KEY_GROUPS, Integer.toString(keyGroups));
        settings.put(JobCheckpointer.KRYO_CLASSES,
            String.join(",", conf.kryoClasses().stream().map(Class::getName).toList()));
        checkpointer = new JobCheckpointer(directory, graph, dataCheckpointInterval(), stateDir.resolve("_snapshots"),
            settings, dataVersions, lastCompleted, previous.map(MetadataCheckpoint::graph).orElse(List.of()), this::onBatchFailure);
        scheduler.setCheckpointer(checkpointer);
        generator.setCheckpointer(checkpointer);
      }
      generator.start(first);
      LOG.info("StreamingContext started: batch interval {}, first batch {}, {} partitions, {} key groups, state backend {}{}",
          Durations.format(graph.batchDuration()), first, partitions, keyGroups, stateBackend.name(),
          directory == null ? "" : ", checkpoint directory " + checkpointDir);
      for (StreamingListener l : listeners) {
        try {
          l.onStreamingStarted(first);
        } catch (RuntimeException e) {
          LOG.warn("a streaming listener failed", e);
        }
      }
    } catch (RuntimeException e) {
      if (checkpointer != null) {
        checkpointer.close();
      } else if (directory != null) {
        directory.close();
      }
      checkpointer = null;
      throw e;
    }
  }

  private Duration dataCheckpointInterval() {
    long batch = graph.batchDuration().toMillis();
    Duration configured = conf.getDuration(TidemarkConf.CHECKPOINT_INTERVAL, null);
    if (configured != null) {
      if (configured.toMillis() <= 0 || configured.toMillis() % batch != 0) {
        throw new IllegalArgumentException(TidemarkConf.CHECKPOINT_INTERVAL + " (" + configured.toMillis()
            + " ms) must be a positive multiple of the batch interval (" + batch + " ms)");
      }
      return configured;
    }
    return Duration.ofMillis(((10_000 + batch - 1) / batch) * batch);
  }

  /**
   * Opens the state backend. Without a checkpoint directory the RocksDB state lives in a new
   * temporary directory deleted at stop. With one, it lives in {@code tidemark.state.dir} (default
   * {@code <java.io.tmpdir>/tidemark-state/<hash of the checkpoint URI>}) and survives a crash,
   * which is the fast path of a restart; a fresh job (no checkpoint yet) empties it first.
   */
  private StateBackend openStateBackend(boolean checkpointing, boolean fresh) {
    String backend = conf.get(TidemarkConf.STATE_BACKEND).orElse("rocksdb");
    if (!backend.equals("memory") && !backend.equals("rocksdb")) {
      throw new IllegalArgumentException(TidemarkConf.STATE_BACKEND + " must be 'rocksdb' or 'memory', got '" + backend + "'");
    }
    Optional<String> configured = conf.get(TidemarkConf.STATE_DIR);
    try {
      if (checkpointing) {
        stateDir = configured.map(Path::of).orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"),
            "tidemark-state", sha256(checkpointDir.toString()).substring(0, 16)));
        if (fresh) {
          deleteRecursively(stateDir);
        }
        Files.createDirectories(stateDir);
      } else if (configured.isPresent()) {
        stateDir = Path.of(configured.get());
        Files.createDirectories(stateDir);
        try (Stream<Path> entries = Files.list(stateDir)) {
          if (entries.findAny().isPresent()) {
            throw new IllegalStateException("the state directory " + stateDir + " already holds state; "
                + "a job without a checkpoint directory needs an empty state directory");
          }
        }
      } else {
        stateDir = Files.createTempDirectory("tidemark-state-");
        temporaryStateDir = stateDir;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the state directory: " + e.getMessage(), e);
    }
    if (backend.equals("memory")) {
      return StateBackends.inMemory();
    }
    return StateBackends.rocksDb(stateDir.resolve("rocksdb"), RocksDbStateOptions.defaults()
        .withBlockCacheSizeBytes(conf.stateBlockCacheBytes())
        .withBlockCache(conf.stateBlockCacheType())
        .withWriteBufferSizeBytes(conf.stateWriteBufferBytes())
        .withCompression(conf.stateCompression()).withCompactionStyle(conf.stateCompactionStyle())
        .withMmapReads(conf.stateMmapReads()));
  }

  private static String sha256(String text) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The local state directory (after start), e.g. to delete it in a test of recovery from a data checkpoint. */
  public Optional<Path> localStateDirectory() {
    return Optional.ofNullable(stateDir);
  }

  /**
   * Called on the job thread when a batch failed: records the error and stops the context from
   * another thread. Takes no lock that {@link #stop} holds, since stop waits for the job thread.
   */
  private void onBatchFailure(Throwable failure) {
    if (stopping) {
      return; // a batch interrupted by stop() is not a failure of the job
    }
    firstError.compareAndSet(null, failure);
    Thread stopper = new Thread(() -> stop(false), "tidemark-stop-after-failure");
    stopper.setDaemon(true);
    stopper.start();
  }

  /**
   * Waits until the context stops.
   *
   * @throws io.tidemark.streaming.scheduler.BatchFailedException if a batch failed (the
   *     context stopped because of it)
   * @throws InterruptedException if interrupted
   */
  public void awaitTermination() throws InterruptedException {
    awaitTerminationOrTimeout(Long.MAX_VALUE);
  }

  /**
   * Waits until the context stops or {@code timeoutMillis} passed.
   *
   * @return true if the context stopped
   * @throws io.tidemark.streaming.scheduler.BatchFailedException if a batch failed
   */
  public boolean awaitTerminationOrTimeout(long timeoutMillis) throws InterruptedException {
    long deadline = timeoutMillis == Long.MAX_VALUE ? Long.MAX_VALUE
        : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    synchronized (lifecycle) {
      while (state != StreamingContextState.STOPPED) {
        if (deadline == Long.MAX_VALUE) {
          lifecycle.wait();
        } else {
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          if (left <= 0) {
            return false;
          }
          lifecycle.wait(left);
        }
      }
      Throwable error = firstError.get();
      if (error != null) {
        if (error instanceof RuntimeException re) {
          throw re;
        }
        throw new io.tidemark.streaming.scheduler.BatchFailedException(error.getMessage(), error);
      }
      return true;
    }
  }

  /** Stops at once, without waiting for received data to be processed. */
  public void stop() {
    stop(false);
  }

  /**
   * Stops the context. With {@code stopGracefully}, receivers stop first and every record
   * already received is processed (waiting at most {@code tidemark.streaming.gracefulStopTimeout},
   * default 10 batch intervals); otherwise the running batch is interrupted. State committed so
   * far stays. Idempotent; a context never started just becomes stopped.
   *
   * @throws IllegalStateException if called from a job or listener thread
   */
  public void stop(boolean stopGracefully) {
    if (JobScheduler.isJobThread(Thread.currentThread())
        || Thread.currentThread().getName().equals("tidemark-job-generator")) {
      throw new IllegalStateException("cannot stop the StreamingContext from a job or listener thread");
    }
    synchronized (lifecycle) {
      if (state == StreamingContextState.STOPPED) {
        return;
      }
      if (state == StreamingContextState.INITIALIZED) {
        state = StreamingContextState.STOPPED;
        lifecycle.notifyAll();
        return;
      }
      if (firstError.get() == null) {
        stopping = true; // from here on, a batch that fails was interrupted by this stop
      }
      if (stopGracefully) {
        stopGracefullyLocked();
      } else {
        generator.stop();
        scheduler.stop(true);
      }
      try {
        graph.stop();
      } catch (RuntimeException e) {
        LOG.warn("stopping the graph failed", e);
      }
      releaseResources();
      state = StreamingContextState.STOPPED;
      ACTIVE.compareAndSet(this, null);
      if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
          // the JVM is already shutting down; the hook is running or done
        }
      }
      lifecycle.notifyAll();
      LOG.info("StreamingContext stopped{}", stopGracefully ? " gracefully" : "");
    }
  }

  private void stopGracefullyLocked() {
    Duration timeout = conf.getDuration(TidemarkConf.GRACEFUL_STOP_TIMEOUT, graph.batchDuration().multipliedBy(10));
    long deadline = System.nanoTime() + timeout.toNanos();
    for (InputNode<?> input : graph.inputs()) {
      input.stopReceiving();
    }
    try {
      // Received data must be allocated to a batch: let the timer run until no input holds any.
      long lastTime = generator.nextBatchTime();
      while (graph.inputs().stream().anyMatch(InputNode::hasUnallocatedData) && System.nanoTime() < deadline) {
        lastTime = generator.nextBatchTime();
        lifecycle.wait(Math.max(1, graph.batchDuration().toMillis() / 4));
      }
      lastTime = Math.max(lastTime, generator.nextBatchTime());
      long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      if (graph.inputs().stream().anyMatch(InputNode::hasUnallocatedData)) {
        generator.stop();
      } else {
        generator.stopAfter(lastTime, left);
      }
      left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      if (!scheduler.awaitIdle(left)) {
        LOG.warn("graceful stop timed out after {} ({}): stopping the running batch WITHOUT a final checkpoint; "
            + "a restart re-runs the unfinished batches", Durations.format(timeout), TidemarkConf.GRACEFUL_STOP_TIMEOUT);
      } else if (checkpointer != null && scheduler.lastCompletedBatch() != null && !scheduler.hasFailed()) {
        try {
          checkpointer.checkpointNow(scheduler.lastCompletedBatch()); // the final checkpoint
        } catch (RuntimeException e) {
          // e.g. a background metadata write failed: the stop still releases everything, and
          // awaitTermination reports it; a restart runs the batches it did not record again
          LOG.error("the final checkpoint of the graceful stop failed", e);
          firstError.compareAndSet(null, e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      generator.stop();
      scheduler.stop(true);
    }
  }

  private void releaseResources() {
    if (checkpointer != null) {
      try {
        checkpointer.close();
      } catch (RuntimeException e) {
        LOG.warn("closing the checkpoint directory failed", e);
      }
    }
    if (tasks != null) {
      tasks.close();
    }
    if (blockTracker != null) {
      try {
        blockTracker.close();
      } catch (RuntimeException e) {
        LOG.warn("closing the received block tracker failed", e);
      }
    }
    if (stateBackend != null) {
      try {
        stateBackend.close();
      } catch (RuntimeException e) {
        LOG.warn("closing the state backend failed", e);
      }
    }
    if (temporaryStateDir != null) {
      deleteRecursively(temporaryStateDir);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.warn("cannot delete {}", p, e);
        }
      });
    } catch (IOException e) {
      LOG.warn("cannot delete the state directory {}", dir, e);
    }
  }

  /** {@link #stop(boolean) stop(false)}. */
  @Override
  public void close() {
    stop(false);
  }
}

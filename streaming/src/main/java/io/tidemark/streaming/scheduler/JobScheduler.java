package io.tidemark.streaming.scheduler;

import io.tidemark.streaming.BatchInfo;
import io.tidemark.streaming.StreamingListener;
import io.tidemark.streaming.Time;
import io.tidemark.streaming.dstream.DStreamGraph;
import io.tidemark.streaming.dstream.InputNode;
import io.tidemark.streaming.dstream.OutputOperation;
import io.tidemark.streaming.dstream.StatefulNode;
import io.tidemark.streaming.dstream.StreamNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the job sets of consecutive batches, one batch at a time and the jobs of a batch in
 * output order, on one job thread (Spark's {@code JobScheduler} with one concurrent job): a
 * batch that falls behind queues, and batches always complete in order. After a batch it
 * forgets data no window needs any more and tells the listeners.
 *
 * <p>A failed job stops the schedule: later batches are not run (unlike Spark, which moves
 * on), so no batch is ever skipped, and the error goes to {@code onError}. Thread-safe.
 */
public final class JobScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);
  private final DStreamGraph graph;
  private final Clock clock;
  private final List<StreamingListener> listeners;
  private final Consumer<Throwable> onError;
  private final ExecutorService jobThread;
  private final Object progress = new Object();
  private long submitted;
  private long finished;
  private volatile Time lastCompletedBatch;
  private volatile boolean failed;
  private volatile boolean stopping;
  private volatile io.tidemark.streaming.checkpointing.JobCheckpointer checkpointer;

  public JobScheduler(DStreamGraph graph, Clock clock, CopyOnWriteArrayList<StreamingListener> listeners,
      Consumer<Throwable> onError) {
    this.graph = graph;
    this.clock = clock;
    this.listeners = listeners;
    this.onError = onError;
    this.jobThread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "tidemark-job-executor");
      t.setDaemon(true);
      return t;
    });
  }

  /** Records every completed batch in a metadata checkpoint (and takes data checkpoints). */
  public void setCheckpointer(io.tidemark.streaming.checkpointing.JobCheckpointer checkpointer) {
    this.checkpointer = checkpointer;
  }

  /** Whether {@code thread} is the job thread. */
  public static boolean isJobThread(Thread thread) {
    return thread.getName().equals("tidemark-job-executor");
  }

  /** Queues a batch's jobs behind those already queued. */
  public void submitJobSet(JobSet jobSet) {
    synchronized (progress) {
      submitted++;
    }
    for (StreamingListener l : listeners) {
      safely(() -> l.onBatchSubmitted(jobSet.time(), jobSet.allocatedRecords()));
    }
    jobThread.execute(() -> {
      try {
        run(jobSet);
      } finally {
        synchronized (progress) {
          finished++;
          progress.notifyAll();
        }
      }
    });
  }

  /**
   * Fails the schedule at {@code time} after the batches queued before it ran (an input could
   * not allocate the batch's data).
   */
  public void failBatch(Time time, Throwable error) {
    synchronized (progress) {
      submitted++;
    }
    jobThread.execute(() -> {
      try {
        if (!failed) {
          fail(time, error);
        }
      } finally {
        synchronized (progress) {
          finished++;
          progress.notifyAll();
        }
      }
    });
  }

  private void fail(Time time, Throwable e) {
    failed = true;
    if (stopping) {
      LOG.info("batch {} was interrupted by the stop of the context", time);
      return;
    }
    LOG.error("batch {} failed; stopping so that no batch is skipped", time, e);
    for (StreamingListener l : listeners) {
      safely(() -> l.onBatchFailed(time, e));
    }
    onError.accept(new BatchFailedException("batch " + time + " failed: " + e, e));
  }

  private void run(JobSet jobSet) {
    if (failed) {
      return;
    }
    Time time = jobSet.time();
    long start = clock.getTimeMillis();
    try {
      for (OutputOperation<?> out : jobSet.outputs()) {
        out.run(time);
      }
      FaultInjection.reached(CrashPoint.BEFORE_METADATA_CHECKPOINT);
      if (checkpointer != null) {
        checkpointer.batchCompleted(time);
      }
      FaultInjection.reached(CrashPoint.AFTER_CHECKPOINT_BEFORE_CLEANUP);
    } catch (Throwable e) {
      fail(time, e);
      return;
    }
    long end = clock.getTimeMillis();
    long records = 0;
    List<InputNode<?>> inputs = graph.inputs();
    for (int i = 0; i < inputs.size(); i++) {
      records += inputs.get(i).recordsIn(time, jobSet.allocatedPerInput()[i]);
    }
    Map<String, Long> stateKeys = new LinkedHashMap<>();
    for (StreamNode<?> node : graph.nodes()) {
      if (node instanceof StatefulNode<?> stateful) {
        stateKeys.put(node.uid(), stateful.numKeys());
      }
    }
    graph.clearMetadata(time);
    lastCompletedBatch = time;
    BatchInfo info = new BatchInfo(time, records, jobSet.submissionTime(), start, end, Map.copyOf(stateKeys));
    for (StreamingListener l : listeners) {
      safely(() -> l.onBatchCompleted(info));
    }
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("a streaming listener failed", e);
    }
  }

  /** The last batch whose jobs all completed, or null. */
  public Time lastCompletedBatch() {
    return lastCompletedBatch;
  }

  /** Whether a batch failed. */
  public boolean hasFailed() {
    return failed;
  }

  /**
   * Waits until every queued batch has run, or the timeout passed.
   *
   * @return whether the queue is empty
   */
  public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    synchronized (progress) {
      while (finished < submitted) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        progress.wait(left);
      }
      return true;
    }
  }

  /**
   * Stops the job thread, interrupting a running job when {@code interrupt}, and waits (up to
   * 60 s) for it to end, so that no task touches state after stop.
   *
   * @return whether the job thread ended
   */
  public boolean stop(boolean interrupt) {
    stopping = true;
    if (interrupt) {
      jobThread.shutdownNow();
    } else {
      jobThread.shutdown();
    }
    try {
      return jobThread.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

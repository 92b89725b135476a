package io.tidemark.streaming.scheduler;

import io.tidemark.streaming.Time;
import io.tidemark.streaming.dstream.DStreamGraph;
import io.tidemark.streaming.dstream.InputNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns batch clock ticks into batches, as Spark's {@code JobGenerator}: at every batch time
 * it asks every input to allocate its data of that time, then queues the batch's jobs (one per
 * output operation) with the {@link JobScheduler}. Batch times are the multiples of the batch
 * interval on the clock; the first is the first multiple after start.
 */
public final class JobGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(JobGenerator.class);
  private final DStreamGraph graph;
  private final Clock clock;
  private final JobScheduler scheduler;
  private final RecurringTimer timer;
  private volatile long lastGenerated = Long.MIN_VALUE;
  private volatile io.tidemark.streaming.checkpointing.JobCheckpointer checkpointer;

  public JobGenerator(DStreamGraph graph, Clock clock, JobScheduler scheduler) {
    this.graph = graph;
    this.clock = clock;
    this.scheduler = scheduler;
    this.timer = new RecurringTimer(clock, graph.batchDuration().toMillis(), this::generateJobs, "tidemark-job-generator");
  }

  /** Logs every allocation in a metadata checkpoint before the batch's jobs are queued. */
  public void setCheckpointer(io.tidemark.streaming.checkpointing.JobCheckpointer checkpointer) {
    this.checkpointer = checkpointer;
  }

  /** The first batch time if started now: the next multiple of the batch interval. */
  public Time firstBatchTime() {
    long period = graph.batchDuration().toMillis();
    return new Time((clock.getTimeMillis() / period + 1) * period);
  }

  /** Starts generating batches at {@code firstBatchTime}. */
  public void start(Time firstBatchTime) {
    timer.start(firstBatchTime.milliseconds());
  }

  private void generateJobs(long timeMillis) {
    if (scheduler.hasFailed()) {
      return;
    }
    Time time = new Time(timeMillis);
    java.util.List<InputNode<?>> inputs = graph.inputs();
    long[] allocated = new long[inputs.size()];
    try {
      // All streams' received blocks go to the batch in one logged allocation, then each
      // input fixes its share (Spark: ReceiverTracker.allocateBlocksToBatch, then compute).
      graph.env().blockTracker().allocateBlocksToBatch(time);
      for (int i = 0; i < allocated.length; i++) {
        allocated[i] = inputs.get(i).allocate(time);
      }
      if (checkpointer != null) {
        checkpointer.batchAllocated(time);
      }
      FaultInjection.reached(CrashPoint.AFTER_ALLOCATION);
    } catch (RuntimeException | Error e) {
      LOG.error("allocating the input of batch {} failed", time, e);
      scheduler.failBatch(time, e);
      return;
    }
    lastGenerated = timeMillis;
    scheduler.submitJobSet(new JobSet(time, graph.outputs(), allocated, clock.getTimeMillis()));
  }

  /** The last batch time generated, or {@code Long.MIN_VALUE}. */
  public long lastGeneratedTime() {
    return lastGenerated;
  }

  /** The time of the next batch to generate. */
  public long nextBatchTime() {
    return timer.nextTime();
  }

  /** Generates batches up to and including {@code lastTime}, then stops; waits for that. */
  public void stopAfter(long lastTime, long timeoutMillis) throws InterruptedException {
    timer.stopAfter(lastTime);
    timer.awaitStopped(timeoutMillis);
    timer.stop();
  }

  /** Stops generating batches now. */
  public void stop() {
    timer.stop();
  }
}

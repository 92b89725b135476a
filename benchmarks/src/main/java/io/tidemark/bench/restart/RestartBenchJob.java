package io.tidemark.bench.restart;

import io.tidemark.bench.CompletedBatches;
import io.tidemark.streaming.BatchInfo;
import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.StateSpec;
import io.tidemark.streaming.StreamingContext;
import io.tidemark.streaming.StreamingListener;
import io.tidemark.streaming.TidemarkConf;
import io.tidemark.streaming.Time;
import io.tidemark.streaming.scheduler.ManualClock;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The child JVMs of {@link RestartTimeBenchmark}: one job, a mapWithState counter per key over
 * a {@link KeySpaceInput}, run in two modes.
 *
 * <ul>
 *   <li>{@code load CHECKPOINT_DIR STATE_DIR KEYS RECORDS_PER_BATCH}: runs batches until every
 *       key is in state, stops gracefully (final data checkpoint) and prints {@code LOADED
 *       lastBatch=<ms> keys=<n>}.
 *   <li>{@code restart CHECKPOINT_DIR STATE_DIR KEYS RECORDS_PER_BATCH FIRST_NEW_BATCH_MS}:
 *       resumes with {@code getOrCreate}, releases the first new batch at once, prints {@value
 *       #DONE_MARKER} from {@code onBatchCompleted} of that batch, then a {@code TIMES} line with
 *       its own wall-clock stamps (JVM start, main, context built, started, batch submitted,
 *       batch done), and
 *       exits without a graceful stop.
 * </ul>
 *
 * <p>The batch clock is the engine's manual clock ({@code tidemark.streaming.clock=manual}):
 * the load advances it one batch at a time as batches complete, and a restart sets it to the
 * first new batch time right after {@code start()} returns. With the system clock the first
 * batch after a restart also fires at once (the batch times missed while the job was down are
 * generated back to back), but so would a flood of catch-up batches, which would blur what is
 * measured here: the cost of resuming, not of catching up.
 */
public final class RestartBenchJob {
  /** The line the restart child prints (on stdout) the moment its first new batch completed. */
  static final String DONE_MARKER = "FIRST_NEW_BATCH_COMPLETED";
  static final String UID = "key-counts";
  static final Duration BATCH_INTERVAL = Duration.ofSeconds(1);

  /** Records whose key had no state before (a restart must see none). */
  private static final LongAdder NEW_KEYS = new LongAdder();

  private RestartBenchJob() {}

  static StreamingContext build(String checkpointDir, String stateDir, long keys, long recordsPerBatch) {
    return StreamingContext.getOrCreate(checkpointDir, () -> {
      TidemarkConf conf = new TidemarkConf()
          .set(TidemarkConf.CLOCK, "manual")
          .set(TidemarkConf.STATE_DIR, stateDir)
          // No periodic data checkpoint during the load: the graceful stop writes the one
          // both restart modes use (a data checkpoint is due every 1000 batches).
          .set(TidemarkConf.CHECKPOINT_INTERVAL, "1000s")
          // Graceful stop with a manual clock waits this long for the timer; nothing is pending.
          .set(TidemarkConf.GRACEFUL_STOP_TIMEOUT, "2s");
      String partitions = System.getProperty("tidemark.bench.partitions");
      if (partitions != null && !partitions.isBlank()) {
        conf.set(TidemarkConf.PARTITIONS, partitions);
      }
      StreamingContext ssc = new StreamingContext(conf, BATCH_INTERVAL);
      KeySpaceInput input = new KeySpaceInput(keys);
      ssc.replayStream(input, recordsPerBatch)
          .mapToPair(k -> KeyValue.of(k, 1L))
          .mapWithState(StateSpec.<Long, Long, Long, Boolean>function((key, value, state) -> {
            if (!state.exists()) {
              NEW_KEYS.increment();
              state.update(value.orElse(0L));
            } else {
              state.update(state.get() + value.orElse(0L));
            }
            return Boolean.TRUE;
          }))
          .uid(UID)
          .foreachBatch((batch, time) -> {});
      return ssc;
    });
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: load|restart ...");
    }
    switch (args[0]) {
      case "load" -> load(args[1], args[2], Long.parseLong(args[3]), Long.parseLong(args[4]));
      case "restart" -> restart(args[1], args[2], Long.parseLong(args[3]), Long.parseLong(args[4]),
          Long.parseLong(args[5]));
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static void load(String checkpointDir, String stateDir, long keys, long perBatch) throws Exception {
    long t0 = System.nanoTime();
    StreamingContext ssc = build(checkpointDir, stateDir, keys, perBatch);
    CompletedBatches completed = new CompletedBatches();
    ssc.addStreamingListener(completed);
    ssc.start();
    ManualClock clock = (ManualClock) ssc.clock();
    long batches = (keys + perBatch - 1) / perBatch;
    long t = completed.firstBatchTime().milliseconds();
    BatchInfo last = null;
    for (long b = 0; b < batches; b++, t += BATCH_INTERVAL.toMillis()) {
      long bt = System.nanoTime();
      clock.setTime(t);
      while ((last = completed.get(t)) == null) {
        if (ssc.awaitTerminationOrTimeout(5)) {
          throw new IllegalStateException("the load job stopped before batch " + t);
        }
      }
      System.out.printf("load batch %d/%d (time %d): %d keys in state, %d ms%n", b + 1, batches, t,
          last.totalStateKeys(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - bt));
    }
    long stopStart = System.nanoTime();
    ssc.stop(true);
    long lastTime = t - BATCH_INTERVAL.toMillis();
    System.out.printf("graceful stop (final data checkpoint): %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStart));
    if (last.totalStateKeys() != keys) {
      throw new IllegalStateException("expected " + keys + " keys in state, found " + last.totalStateKeys());
    }
    System.out.printf("LOADED lastBatch=%d keys=%d seconds=%.1f%n", lastTime, last.totalStateKeys(),
        (System.nanoTime() - t0) / 1e9);
    System.out.flush();
    System.exit(0);
  }

  private static void restart(String checkpointDir, String stateDir, long keys, long perBatch, long firstNew)
      throws Exception {
    long mainAt = System.currentTimeMillis();
    StreamingContext ssc = build(checkpointDir, stateDir, keys, perBatch);
    long builtAt = System.currentTimeMillis();
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<BatchInfo> info = new AtomicReference<>();
    AtomicReference<Time> first = new AtomicReference<>();
    long[] doneAt = new long[1];
    long[] submittedAt = new long[1];
    ssc.addStreamingListener(new StreamingListener() {
      @Override
      public void onStreamingStarted(Time firstBatchTime) {
        first.set(firstBatchTime);
      }

      @Override
      public void onBatchSubmitted(Time batchTime, long numRecords) {
        if (batchTime.milliseconds() == firstNew) {
          submittedAt[0] = System.currentTimeMillis();
        }
      }

      @Override
      public void onBatchCompleted(BatchInfo batch) {
        if (batch.batchTime().milliseconds() == firstNew) {
          doneAt[0] = System.currentTimeMillis();
          System.out.println(DONE_MARKER);
          System.out.flush();
          info.set(batch);
          done.countDown();
        }
      }
    });
    ssc.start();
    long startedAt = System.currentTimeMillis();
    ((ManualClock) ssc.clock()).setTime(firstNew);
    if (!done.await(30, TimeUnit.MINUTES)) {
      throw new IllegalStateException("batch " + firstNew + " did not complete");
    }
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    BatchInfo b = info.get();
    System.out.printf("TIMES jvmStart=%d main=%d built=%d started=%d submitted=%d done=%d firstBatch=%d records=%d stateKeys=%d newKeys=%d%n",
        jvmStart, mainAt, builtAt, startedAt, submittedAt[0], doneAt[0], first.get().milliseconds(), b.numRecords(),
        b.totalStateKeys(), NEW_KEYS.sum());
    System.out.flush();
    ssc.stop(false);
    System.exit(0);
  }
}

package io.tidemark.streaming;

import static org.awaitility.Awaitility.await;

import io.tidemark.streaming.scheduler.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a DStream operation on given input batches with a manual clock and collects the output
 * of every batch, as Spark's {@code TestSuiteBase.testOperation}: input batch {@code i} is the
 * data of batch time {@code (i + 1) × batchInterval}; the test advances the clock one batch at
 * a time and waits (Awaitility) until the batch's output arrived.
 */
public final class StreamingTestHarness {
  public static final Duration BATCH = Duration.ofSeconds(1);

  private StreamingTestHarness() {}

  /** A configuration with the manual clock, 2 partitions and the given state backend. */
  public static TidemarkConf conf(String stateBackend) {
    return new TidemarkConf()
        .set(TidemarkConf.CLOCK, "manual")
        .set(TidemarkConf.PARTITIONS, "2")
        .set(TidemarkConf.STATE_BACKEND, stateBackend);
  }

  /** Runs {@code operation} on {@code input} for {@code numBatches} batches; returns each batch's output. */
  public static <T, R> List<List<R>> run(String stateBackend, List<List<T>> input,
      Function<DStream<T>, DStream<R>> operation, int numBatches) {
    return run(conf(stateBackend), BATCH, input, operation, numBatches);
  }

  /** As {@link #run(String, List, Function, int)} with a given configuration and batch interval. */
  public static <T, R> List<List<R>> run(TidemarkConf conf, Duration batchInterval, List<List<T>> input,
      Function<DStream<T>, DStream<R>> operation, int numBatches) {
    return run2(conf, batchInterval, input, List.of(), (a, b) -> operation.apply(a), numBatches);
  }

  /** Runs a two-input operation. */
  public static <T, U, R> List<List<R>> run2(TidemarkConf conf, Duration batchInterval, List<List<T>> input1,
      List<List<U>> input2, BiFunction<DStream<T>, DStream<U>, DStream<R>> operation, int numBatches) {
    List<List<R>> outputs = Collections.synchronizedList(new ArrayList<>());
    runBatches(conf, batchInterval, ssc -> {
      DStream<T> in1 = ssc.queueStream(queueOf(input1), true, List.of());
      DStream<U> in2 = ssc.queueStream(queueOf(input2), true, List.of());
      DStream<R> out = operation.apply(in1, in2);
      out.foreachBatch(batch -> outputs.add(batch.collect()));
      if (input2.isEmpty()) {
        in2.foreachBatch(batch -> { });
      }
    }, numBatches);
    return outputs;
  }

  /**
   * The runner under {@link #run2}: builds the graph with {@code graph} (which registers its own
   * outputs), starts the context, advances the manual clock {@code numBatches} times by
   * {@code batchInterval}, each time waiting until that batch completed (or the context
   * stopped), then stops the context.
   */
  public static void runBatches(TidemarkConf conf, Duration batchInterval, Consumer<StreamingContext> graph,
      int numBatches) {
    try (StreamingContext ssc = new StreamingContext(conf, batchInterval)) {
      graph.accept(ssc);
      AtomicInteger completed = new AtomicInteger();
      ssc.addStreamingListener(new StreamingListener() {
        @Override
        public void onBatchCompleted(BatchInfo info) {
          completed.incrementAndGet();
        }
      });
      ssc.start();
      ManualClock clock = (ManualClock) ssc.clock();
      for (int i = 0; i < numBatches; i++) {
        int expected = i + 1;
        clock.advance(batchInterval.toMillis());
        await().atMost(Duration.ofSeconds(30))
            .until(() -> completed.get() >= expected || ssc.getState() == StreamingContextState.STOPPED);
      }
      ssc.stop(false);
      ssc.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A queue of the input batches for {@code queueStream}, each a mutable copy. */
  public static <T> Queue<List<T>> queueOf(List<List<T>> batches) {
    Queue<List<T>> q = new LinkedList<>();
    for (List<T> b : batches) {
      q.add(new ArrayList<>(b));
    }
    return q;
  }
}

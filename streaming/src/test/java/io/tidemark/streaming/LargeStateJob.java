package io.tidemark.streaming;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A child-JVM job for {@link LargeStateTest}: {@code mapWithState} over the keys 0..N-1 (each
 * seen once), on RocksDB, then prints {@code keys=<state keys> maxHeap=<bytes>}.
 */
public final class LargeStateJob {
  private LargeStateJob() {}

  public static void main(String[] args) throws Exception {
    long keys = Long.parseLong(args[0]);
    long perBatch = Long.parseLong(args[1]);
    SequenceInput input = new SequenceInput(keys);
    TidemarkConf conf = new TidemarkConf().set(TidemarkConf.PARTITIONS, "2");
    CountDownLatch done = new CountDownLatch(1);
    AtomicLong stateKeys = new AtomicLong();
    try (StreamingContext ssc = new StreamingContext(conf, Duration.ofMillis(500))) {
      ReplayDStream<Long> in = ssc.replayStream(input, perBatch);
      in.mapToPair(k -> KeyValue.of(k, 1L))
          .mapWithState(StateSpec.<Long, Long, Long, Long>function((k, v, state) -> {
            long n = state.getOption().orElse(0L) + v.orElse(0L);
            state.update(n);
            return n;
          }))
          .uid("large-state")
          .foreachBatch(b -> { });
      ssc.addStreamingListener(new StreamingListener() {
        @Override
        public void onBatchCompleted(BatchInfo info) {
          if (in.isExhausted()) {
            stateKeys.set(info.totalStateKeys());
            done.countDown();
          }
        }
      });
      ssc.start();
      done.await();
      ssc.stop(false);
    }
    System.out.println("keys=" + stateKeys.get() + " maxHeap=" + Runtime.getRuntime().maxMemory());
    System.out.flush();
  }
}

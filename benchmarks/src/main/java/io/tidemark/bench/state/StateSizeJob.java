package io.tidemark.bench.state;

import io.tidemark.bench.CompletedBatches;
import io.tidemark.streaming.BatchInfo;
import io.tidemark.streaming.KeyValue;
import io.tidemark.streaming.PairDStream;
import io.tidemark.streaming.StateSpec;
import io.tidemark.streaming.StreamingContext;
import io.tidemark.streaming.TidemarkConf;
import io.tidemark.streaming.scheduler.ManualClock;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link StateSizeBenchmark}: a per-key counter over a {@link
 * SyntheticKeyInput}, with mapWithState or updateStateByKey, RocksDB state, batches run back to
 * back on the engine's manual clock (each batch is released when the previous one completed;
 * batch times 1 s apart, so a data checkpoint every N batches is {@code
 * tidemark.checkpoint.interval=Ns}).
 *
 * <pre>
 * java -Xmx1g -cp benchmarks.jar io.tidemark.bench.state.StateSizeJob \
 *     mapWithState|updateStateByKey KEYS uniform|zipf RECORDS_PER_BATCH MEASURE_BATCHES MAX_SECONDS \
 *     CHECKPOINT_BATCHES CHECKPOINT_DIR STATE_DIR
 * </pre>
 *
 * <p>System properties: {@code tidemark.bench.partitions}, {@code tidemark.bench.blockCacheMiB},
 * {@code tidemark.bench.blockCacheType}, {@code tidemark.bench.compression}, {@code
 * tidemark.bench.mmapReads}, {@code tidemark.bench.compactionStyle} and {@code
 * tidemark.bench.writeBufferMiB} set {@code tidemark.partitions}, {@code
 * tidemark.state.rocksdb.blockCacheMiB}, {@code tidemark.state.rocksdb.blockCacheType}, {@code
 * tidemark.state.rocksdb.compression}, {@code tidemark.state.rocksdb.mmapReads}, {@code
 * tidemark.state.rocksdb.compactionStyle} and {@code tidemark.state.rocksdb.writeBufferMiB}
 * (defaults: the cores, 64 MiB, lru, lz4, false, universal, 16 MiB).
 *
 * <p>Prints, per batch, {@code STAT phase=grow|full batch=<n> keys=<keys in state> records=<n>
 * ms=<wall ms from releasing the batch to seeing it completed> heapUsedMiB=<heap in use after the batch>}; at the end {@code END
 * reason=done|budget …}. Phase {@code grow}: the state is still growing to KEYS (every record a new key);
 * {@code full}: MEASURE_BATCHES batches of updates to a full state. MAX_SECONDS bounds the whole
 * run: no batch is started after it (updateStateByKey visits every key in every batch, so at
 * 100 M keys it may not get there).
 */
public final class StateSizeJob {
  static final Duration BATCH_INTERVAL = Duration.ofSeconds(1);
  static final String UID = "key-counts";

  private StateSizeJob() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 9) {
      throw new IllegalArgumentException("usage: OPERATOR KEYS DISTRIBUTION RECORDS_PER_BATCH MEASURE_BATCHES "
          + "MAX_SECONDS CHECKPOINT_BATCHES CHECKPOINT_DIR STATE_DIR");
    }
    String operator = args[0];
    long keys = Long.parseLong(args[1]);
    KeyDistribution distribution = KeyDistribution.parse(args[2]);
    long perBatch = Long.parseLong(args[3]);
    int measureBatches = Integer.parseInt(args[4]);
    long maxSeconds = Long.parseLong(args[5]);
    int checkpointBatches = Integer.parseInt(args[6]);
    long t0 = System.nanoTime();

    TidemarkConf conf = new TidemarkConf()
        .set(TidemarkConf.CLOCK, "manual")
        .set(TidemarkConf.STATE_DIR, args[8])
        .set(TidemarkConf.CHECKPOINT_INTERVAL, checkpointBatches + "s")
        .set(TidemarkConf.GRACEFUL_STOP_TIMEOUT, "2s");
    forward(conf, "tidemark.bench.partitions", TidemarkConf.PARTITIONS);
    forward(conf, "tidemark.bench.blockCacheMiB", TidemarkConf.STATE_BLOCK_CACHE);
    forward(conf, "tidemark.bench.blockCacheType", TidemarkConf.STATE_BLOCK_CACHE_TYPE);
    forward(conf, "tidemark.bench.compression", TidemarkConf.STATE_COMPRESSION);
    forward(conf, "tidemark.bench.mmapReads", TidemarkConf.STATE_MMAP_READS);
    forward(conf, "tidemark.bench.compactionStyle", TidemarkConf.STATE_COMPACTION_STYLE);
    forward(conf, "tidemark.bench.writeBufferMiB", TidemarkConf.STATE_WRITE_BUFFER);
    SyntheticKeyInput input = new SyntheticKeyInput(keys, distribution);
    StreamingContext ssc = StreamingContext.getOrCreate(args[7], () -> {
      StreamingContext c = new StreamingContext(conf, BATCH_INTERVAL);
      PairDStream<Long, Long> pairs = c.replayStream(input, perBatch).mapToPair(k -> KeyValue.of(k, 1L));
      switch (operator) {
        case "mapWithState" -> pairs
            .mapWithState(StateSpec.<Long, Long, Long, Boolean>function((key, value, state) -> {
              state.update((state.exists() ? state.get() : 0L) + value.orElse(0L));
              return Boolean.TRUE;
            }))
            .uid(UID)
            .foreachBatch((batch, time) -> {});
        case "updateStateByKey" -> pairs
            .<Long>updateStateByKey((values, state) -> {
              long sum = state.orElse(0L);
              for (long v : values) {
                sum += v;
              }
              return Optional.of(sum);
            })
            .uid(UID)
            .foreachBatch((batch, time) -> {});
        default -> throw new IllegalArgumentException("operator: mapWithState or updateStateByKey, got " + operator);
      }
      return c;
    });
    CompletedBatches completed = new CompletedBatches();
    ssc.addStreamingListener(completed);
    ssc.start();
    ManualClock clock = (ManualClock) ssc.clock();
    long growBatches = (input.growthRecords() + perBatch - 1) / perBatch;
    long total = growBatches + measureBatches;
    long t = completed.firstBatchTime().milliseconds();
    String reason = "done";
    long batch = 0;
    for (; batch < total; batch++, t += BATCH_INTERVAL.toMillis()) {
      if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(maxSeconds)) {
        reason = "budget";
        break;
      }
      long released = System.nanoTime();
      clock.setTime(t);
      BatchInfo info;
      while ((info = completed.get(t)) == null) {
        if (ssc.awaitTerminationOrTimeout(5)) {
          throw new IllegalStateException("the job stopped before batch " + t);
        }
        // (the batch clock is manual, so BatchInfo's processing time is 0: time it here; the
        // poll above adds at most 5 ms)
      }
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - released);
      long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      System.out.printf("STAT phase=%s batch=%d keys=%d records=%d ms=%d heapUsedMiB=%d%n",
          batch < growBatches ? "grow" : "full", batch + 1, info.totalStateKeys(), info.numRecords(), ms,
          heapUsed >> 20);
      System.out.flush();
    }
    System.out.printf("END reason=%s batches=%d seconds=%.1f%n", reason, batch, (System.nanoTime() - t0) / 1e9);
    System.out.flush();
    System.exit(0);
  }

  /** Sets {@code key} to the system property {@code property}, if that is set and not blank. */
  private static void forward(TidemarkConf conf, String property, String key) {
    String value = System.getProperty(property);
    if (value != null && !value.isBlank()) {
      conf.set(key, value);
    }
  }
}

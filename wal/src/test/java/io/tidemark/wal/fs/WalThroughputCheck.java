package io.tidemark.wal.fs;

import io.tidemark.wal.DurabilityPolicy;
import io.tidemark.wal.WalOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * An informal throughput check on local disk (not a test, not the benchmark, which belongs in the
 * {@code benchmarks} module): records/s and MB/s per policy and record size, next to the raw rate
 * of 4 KiB append + {@code FileChannel.force} measured in the same run.
 *
 * <p>Usage: {@code java -cp <test classpath> io.tidemark.wal.fs.WalThroughputCheck DIR [seconds]}
 */
public final class WalThroughputCheck {

  private WalThroughputCheck() {}

  /**
   * Runs the check.
   *
   * @param args a scratch directory on the disk to measure, and optionally seconds per run
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    java.nio.file.Path base = java.nio.file.Path.of(args[0]);
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
    Files.createDirectories(base);
    System.out.printf("raw 4 KiB append+force(false): %.0f syncs/s%n", rawFsync(base, seconds));
    int run = 0;
    for (int size : new int[] {100, 4096}) {
      for (DurabilityPolicy policy : DurabilityPolicy.values()) {
        for (int threads : new int[] {1, 8}) {
          Path dir = new Path(base.resolve("run-" + run++).toUri());
          double rate = measure(dir, policy, size, threads, seconds);
          System.out.printf("%-12s %5d B %d thread(s): %,10.0f records/s %8.2f MB/s%n",
              policy, size, threads, rate, rate * size / 1e6);
        }
      }
    }
    System.out.printf("raw 4 KiB append+force(false): %.0f syncs/s%n", rawFsync(base, seconds));
  }

  private static double rawFsync(java.nio.file.Path base, double seconds) throws IOException {
    java.nio.file.Path file = base.resolve("raw-fsync");
    ByteBuffer block = ByteBuffer.allocate(4096);
    long n = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      long end = System.nanoTime() + (long) (seconds * 1e9);
      long start = System.nanoTime();
      while (System.nanoTime() < end) {
        block.clear();
        ch.write(block);
        ch.force(false);
        n++;
      }
      return n / ((System.nanoTime() - start) / 1e9);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static double measure(Path dir, DurabilityPolicy policy, int size, int threads,
      double seconds) throws Exception {
    LongAdder count = new LongAdder();
    try (SegmentedFileLog log = SegmentedFileLog.open(dir, new Configuration(),
        WalOptions.defaults().withDurability(policy))) {
      long end = System.nanoTime() + (long) (seconds * 1e9);
      List<Thread> workers = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        Thread w = new Thread(() -> {
          ByteBuffer record = ByteBuffer.allocate(size);
          while (System.nanoTime() < end) {
            log.write(record, 1);
            count.increment();
          }
        });
        w.start();
        workers.add(w);
      }
      for (Thread w : workers) {
        w.join();
      }
      double rate = count.sum() / ((System.nanoTime() - start) / 1e9);
      log.clean(Long.MAX_VALUE, true);
      return rate;
    }
  }
}

package io.tidemark.bench;

import io.tidemark.wal.DurabilityPolicy;
import io.tidemark.wal.RecordHandle;
import io.tidemark.wal.WalOptions;
import io.tidemark.wal.fs.SegmentedFileLog;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * WAL throughput on one disk, beside the raw speed of that disk measured in the same run (issue
 * 3's acceptance benchmark). Not JMH: the figures are fsync-bound and need seconds per point.
 *
 * <p>Per repetition it measures, in this order:
 * <ol>
 *   <li>the disk: a loop of 4 KiB append + {@code FileChannel.force(false)} (fdatasync) → syncs/s;
 *       the same with {@code force(true)} (fsync, which is what Hadoop's {@code hsync} does on the
 *       local file system); a loop of 1 MiB append + {@code force(false)} → MB/s, taken as the
 *       disk's sequential write bandwidth with a sync per write;
 *   <li>optionally ({@code --raw-group-commit}) a minimal group commit without the WAL: writer
 *       threads hand records to one thread that appends everything queued with one {@code
 *       FileChannel.write} and one {@code force(false)} — the ceiling a group commit can reach on
 *       this disk with these thread counts ({@code --raw-in-flight K}: each writer keeps K
 *       records in flight, as an asynchronous or batch write API would allow);
 *   <li>the WAL ({@link SegmentedFileLog} on Hadoop's raw local file system) for each durability
 *       policy × record size × writer threads: acknowledged records/s and MB/s (payload bytes),
 *       syncs/s, records per sync, the largest group, the share of wall time spent inside {@code
 *       hsync}/{@code hflush}, CPU of the group-commit thread, and write latency p50/p99.
 * </ol>
 * Then it prints the medians over the repetitions and whether issue 3's targets are met.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.tidemark.bench.WalThroughputBenchmark [DIR]
 * [--seconds 5] [--raw-seconds 3] [--reps 3] [--sizes 100,4096] [--threads 1,8]
 * [--gc-threads 1,8,32] [--policies HSYNC,GROUP_COMMIT,HFLUSH] [--raw-group-commit]
 * [--raw-in-flight 1] [--in-flight 1,256] [--warmup-seconds 2]}. {@code --in-flight}
 * applies to GROUP_COMMIT: with K > 1 each writer keeps K records in flight through {@code
 * writeAsync} instead of looping on {@code write}. DIR is the scratch directory on the disk to
 * measure (default: a new directory under {@code benchmarks/target/bench-tmp}); everything written there is deleted.
 */
public final class WalThroughputBenchmark {

  /** Issue 3: group-commit 4 KiB MB/s at least half of the disk's sequential bandwidth. */
  static final double TARGET_BANDWIDTH_FACTOR = 2.0;
  /** Issue 3: acknowledged 100-byte records/s with an fsync per group. */
  static final double TARGET_SMALL_RECORDS_PER_S = 50_000;

  private static final long RECORD_TIME_MS = 1_000L;

  private final Settings settings;
  private final java.nio.file.Path base;
  private final SyncCountingFileSystem fs;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private int runCounter;

  /** Command-line settings. */
  record Settings(
      java.nio.file.Path dir,
      double seconds,
      double rawSeconds,
      int reps,
      int[] sizes,
      int[] threads,
      int[] gcThreads,
      List<DurabilityPolicy> policies,
      boolean rawGroupCommit,
      int rawInFlight,
      int[] inFlight,
      double warmupSeconds) {

    static Settings parse(String[] args) {
      java.nio.file.Path dir = null;
      double seconds = 5;
      double rawSeconds = 3;
      int reps = 3;
      int[] sizes = {100, 4096};
      int[] threads = {1, 8};
      int[] gcThreads = {1, 8, 32};
      List<DurabilityPolicy> policies = List.of(DurabilityPolicy.HSYNC,
          DurabilityPolicy.GROUP_COMMIT, DurabilityPolicy.HFLUSH);
      boolean rawGroup = false;
      int inFlight = 1;
      int[] walInFlight = {1, 256};
      double warmup = 2;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--seconds" -> seconds = Double.parseDouble(args[++i]);
          case "--raw-seconds" -> rawSeconds = Double.parseDouble(args[++i]);
          case "--reps" -> reps = Integer.parseInt(args[++i]);
          case "--sizes" -> sizes = ints(args[++i]);
          case "--threads" -> threads = ints(args[++i]);
          case "--gc-threads" -> gcThreads = ints(args[++i]);
          case "--policies" -> policies = Arrays.stream(args[++i].split(","))
              .map(s -> DurabilityPolicy.valueOf(s.trim().toUpperCase(Locale.ROOT))).toList();
          case "--raw-group-commit" -> rawGroup = true;
          case "--raw-in-flight" -> inFlight = Integer.parseInt(args[++i]);
          case "--in-flight" -> walInFlight = ints(args[++i]);
          case "--warmup-seconds" -> warmup = Double.parseDouble(args[++i]);
          case "-h", "--help" -> {
            System.out.println("usage: WalThroughputBenchmark [DIR] [--seconds 5] [--raw-seconds 3]"
                + " [--reps 3] [--sizes 100,4096] [--threads 1,8] [--gc-threads 1,8,32]"
                + " [--policies HSYNC,GROUP_COMMIT,HFLUSH] [--raw-group-commit]"
                + " [--raw-in-flight 1] [--in-flight 1,256] [--warmup-seconds 2]");
            System.exit(0);
          }
          default -> {
            if (a.startsWith("-") || dir != null) {
              throw new IllegalArgumentException("unknown argument: " + a);
            }
            dir = java.nio.file.Path.of(a);
          }
        }
      }
      if (seconds <= 0 || rawSeconds <= 0 || reps < 1 || inFlight < 1
          || Arrays.stream(walInFlight).anyMatch(k -> k < 1)) {
        throw new IllegalArgumentException("--seconds, --raw-seconds must be > 0, --reps,"
            + " --raw-in-flight and --in-flight >= 1");
      }
      return new Settings(dir, seconds, rawSeconds, reps, sizes, threads, gcThreads, policies,
          rawGroup, inFlight, walInFlight, warmup);
    }

    private static int[] ints(String csv) {
      return Arrays.stream(csv.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    }
  }

  /** One measured point. Rates are per second of wall time. */
  record Run(
      long records,
      long elapsedNanos,
      long syncs,
      long syncNanos,
      long maxBytesPerSync,
      long writerCpuNanos,
      long writerUserNanos,
      long p50Nanos,
      long p99Nanos,
      int frameBytes) {

    double seconds() {
      return elapsedNanos / 1e9;
    }

    double recordsPerSec() {
      return records / seconds();
    }

    double payloadMBps(int size) {
      return recordsPerSec() * size / 1e6;
    }

    double syncsPerSec() {
      return syncs / seconds();
    }

    double recordsPerSync() {
      return syncs == 0 ? 0 : (double) records / syncs;
    }

    double maxRecordsPerSync() {
      return frameBytes == 0 ? 0 : (double) maxBytesPerSync / frameBytes;
    }

    double inSyncShare() {
      return (double) syncNanos / elapsedNanos;
    }

    double writerCpuShare() {
      return writerCpuNanos < 0 ? -1 : (double) writerCpuNanos / elapsedNanos;
    }

    double writerUserShare() {
      return writerUserNanos < 0 ? -1 : (double) writerUserNanos / elapsedNanos;
    }
  }

  /** A configuration of the table: records in flight per writer thread (1 = synchronous). */
  record Point(String policy, int size, int threads, int inFlight) {}

  private WalThroughputBenchmark(Settings settings, java.nio.file.Path base) throws IOException {
    this.settings = settings;
    this.base = base;
    this.fs = SyncCountingFileSystem.create(new Configuration());
  }

  /**
   * Runs the benchmark.
   *
   * @param args see the class comment
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    Settings s = Settings.parse(args);
    boolean ownDir = s.dir() == null;
    java.nio.file.Path base = ownDir ? BenchDirs.newScratchDir("wal-bench-")
        : Files.createDirectories(s.dir()).toAbsolutePath();
    try {
      new WalThroughputBenchmark(s, base).run();
    } finally {
      if (ownDir) {
        BenchDirs.deleteRecursively(base);
      }
    }
  }

  private void run() throws Exception {
    Settings s = settings;
    System.out.printf(Locale.ROOT, "# Tidemark WAL throughput benchmark, %s%n", Instant.now());
    System.out.printf(Locale.ROOT, "# dir %s; %.1f s per WAL point, %.1f s per raw point, %d"
            + " repetitions; JVM %s, %d CPUs%n", base, s.seconds(), s.rawSeconds(), s.reps(),
        System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "# MB = 10^6 bytes of payload (each record also has an 8-byte"
        + " frame header); records/s = acknowledged writes (write() returned) per second%n");

    if (s.warmupSeconds() > 0) {
      System.out.printf(Locale.ROOT, "# warm-up (%.1f s per policy, discarded)%n",
          s.warmupSeconds());
      for (DurabilityPolicy p : s.policies()) {
        measureWal(p, 100, 8, 1, s.warmupSeconds());
      }
    }

    Map<String, List<Double>> raw = new LinkedHashMap<>();
    Map<Point, List<Run>> runs = new LinkedHashMap<>();
    for (int rep = 1; rep <= s.reps(); rep++) {
      System.out.printf(Locale.ROOT, "%n## repetition %d of %d%n", rep, s.reps());
      double fdatasync = rawSyncRate(4096, false, s.rawSeconds());
      double fsync = rawSyncRate(4096, true, s.rawSeconds());
      double seqMBps = rawSyncRate(1 << 20, false, s.rawSeconds()) * (1 << 20) / 1e6;
      raw.computeIfAbsent("fdatasync", k -> new ArrayList<>()).add(fdatasync);
      raw.computeIfAbsent("fsync", k -> new ArrayList<>()).add(fsync);
      raw.computeIfAbsent("seq", k -> new ArrayList<>()).add(seqMBps);
      System.out.printf(Locale.ROOT, "raw: 4 KiB append+fdatasync %,.0f syncs/s; 4 KiB"
          + " append+fsync %,.0f syncs/s; 1 MiB append+fdatasync %,.1f MB/s%n",
          fdatasync, fsync, seqMBps);
      if (s.rawGroupCommit()) {
        for (int size : s.sizes()) {
          for (int t : s.gcThreads()) {
            Run r = rawGroupCommit(size, t, s.rawInFlight(), s.seconds());
            String name = "raw-group";
            runs.computeIfAbsent(new Point(name, size, t, s.rawInFlight()),
                k -> new ArrayList<>()).add(r);
            printRun(name, size, t, s.rawInFlight(), r);
          }
        }
      }
      for (int size : s.sizes()) {
        for (DurabilityPolicy p : s.policies()) {
          boolean gc = p == DurabilityPolicy.GROUP_COMMIT;
          int[] counts = gc ? s.gcThreads() : s.threads();
          // Only group commit gains from records in flight: the other policies sync each record
          // in the caller's thread, so their writeAsync completes before it returns.
          int[] windows = gc ? s.inFlight() : new int[] {1};
          for (int t : counts) {
            for (int k : windows) {
              Run r = measureWal(p, size, t, k, s.seconds());
              runs.computeIfAbsent(new Point(p.name(), size, t, k), x -> new ArrayList<>())
                  .add(r);
              printRun(p.name(), size, t, k, r);
            }
          }
        }
      }
    }
    report(raw, runs);
  }

  // ------------------------------------------------------------------------------- raw disk

  /** Appends {@code blockSize} bytes and forces, in a loop; returns forces per second. */
  private double rawSyncRate(int blockSize, boolean metadata, double seconds) throws IOException {
    java.nio.file.Path file = base.resolve("raw-" + blockSize + "-" + runCounter++);
    ByteBuffer block = ByteBuffer.allocateDirect(blockSize);
    fillRandom(block, 42);
    long n = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      long now;
      do {
        block.clear();
        while (block.hasRemaining()) {
          ch.write(block);
        }
        ch.force(metadata);
        n++;
        now = System.nanoTime();
      } while (now < end);
      return n / ((now - start) / 1e9);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /**
   * A minimal group commit without the WAL: {@code threads} writers enqueue records and wait;
   * one thread takes everything queued, writes it with one gathering write and one {@code
   * force(false)}, and releases the writers. The ceiling for a group commit on this disk. With
   * {@code inFlight > 1} each writer enqueues that many records before it waits for them all
   * (what an asynchronous or batch {@code write} would allow), so fewer threads fill a group.
   */
  private Run rawGroupCommit(int size, int threads, int inFlight, double seconds)
      throws Exception {
    java.nio.file.Path file = base.resolve("raw-group-" + runCounter++);
    final class Req {
      final ByteBuffer data;
      volatile boolean done;
      final Thread waiter = Thread.currentThread();

      Req(ByteBuffer data) {
        this.data = data;
      }
    }
    LinkedBlockingQueue<Req> queue = new LinkedBlockingQueue<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[] syncStats = new long[3]; // syncs, syncNanos, maxBytes
    Req poison = new Req(ByteBuffer.allocate(0));
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      Thread writer = new Thread(() -> {
        List<Req> group = new ArrayList<>();
        try {
          while (true) {
            group.clear();
            group.add(queue.take());
            queue.drainTo(group);
            boolean stop = group.remove(poison);
            if (!group.isEmpty()) {
              ByteBuffer[] bufs = new ByteBuffer[group.size()];
              long bytes = 0;
              for (int i = 0; i < bufs.length; i++) {
                bufs[i] = group.get(i).data.duplicate();
                bytes += bufs[i].remaining();
              }
              long left = bytes;
              while (left > 0) {
                left -= ch.write(bufs);
              }
              long t0 = System.nanoTime();
              ch.force(false);
              syncStats[1] += System.nanoTime() - t0;
              syncStats[0]++;
              syncStats[2] = Math.max(syncStats[2], bytes);
              for (Req r : group) {
                r.done = true;
                java.util.concurrent.locks.LockSupport.unpark(r.waiter);
              }
            }
            if (stop) {
              return;
            }
          }
        } catch (Throwable e) {
          failure.set(e);
        }
      }, "raw-group-commit");
      writer.start();
      long cpu0 = cpuTime(writer);
      long user0 = userTime(writer);
      Run r = drive(threads, size, seconds, inFlight, record -> {
        Req last = null;
        for (int k = 0; k < inFlight; k++) {
          last = new Req(record);
          queue.add(last);
        }
        while (!last.done) {
          if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
          }
          java.util.concurrent.locks.LockSupport.park(last);
        }
      });
      long cpu = cpuTime(writer) - cpu0;
      long user = userTime(writer) - user0;
      queue.add(poison);
      writer.join();
      return new Run(r.records(), r.elapsedNanos(), syncStats[0], syncStats[1], syncStats[2],
          cpu0 < 0 ? -1 : cpu, user0 < 0 ? -1 : user, r.p50Nanos(), r.p99Nanos(), size);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  // ------------------------------------------------------------------------------------ WAL

  private Run measureWal(DurabilityPolicy policy, int size, int threads, int inFlight,
      double seconds) throws Exception {
    java.nio.file.Path dir = base.resolve("wal-" + runCounter++);
    SyncCountingFileSystem.SyncStats stats = fs.stats();
    try {
      Run r;
      long cpu;
      long user;
      try (SegmentedFileLog log = SegmentedFileLog.open(fs, new Path(dir.toUri()),
          WalOptions.defaults().withDurability(policy))) {
        Thread writer = findThread("tidemark-wal-group-commit[");
        stats.reset();
        long cpu0 = writer == null ? -1 : cpuTime(writer);
        long user0 = writer == null ? -1 : userTime(writer);
        r = inFlight == 1
            ? drive(threads, size, seconds, 1, record -> log.write(record, RECORD_TIME_MS))
            : driveAsync(threads, size, seconds, inFlight, log);
        cpu = writer == null || cpu0 < 0 ? -1 : cpuTime(writer) - cpu0;
        user = writer == null || user0 < 0 ? -1 : userTime(writer) - user0;
      }
      // The close above syncs once more; the counters are read after it only for bytes.
      return new Run(r.records(), r.elapsedNanos(), stats.syncs.sum(), stats.syncNanos.sum(),
          stats.maxBytesPerSync.get(), cpu, user, r.p50Nanos(), r.p99Nanos(), size + 8);
    } finally {
      BenchDirs.deleteRecursively(dir);
    }
  }

  /** What one writer does with one record; returns when the record is acknowledged. */
  @FunctionalInterface
  private interface Writer {
    void write(ByteBuffer record) throws Exception;
  }

  /**
   * Starts {@code threads} writers together, each writing {@code size}-byte records in a loop
   * for {@code seconds}; returns acknowledged records, wall time and latency quantiles (of one
   * call, which acknowledges {@code recordsPerCall} records).
   */
  private static Run drive(int threads, int size, double seconds, int recordsPerCall,
      Writer writer) throws Exception {
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    long[] counts = new long[threads];
    LatencyHistogram[] hists = new LatencyHistogram[threads];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long durationNanos = (long) (seconds * 1e9);
    long[] startHolder = new long[1];
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread w = new Thread(() -> {
        ByteBuffer record = ByteBuffer.allocate(size);
        fillRandom(record, id);
        LatencyHistogram h = new LatencyHistogram();
        hists[id] = h;
        long n = 0;
        try {
          ready.countDown();
          go.await();
          long end = startHolder[0] + durationNanos;
          long now = System.nanoTime();
          while (now < end) {
            writer.write(record);
            long after = System.nanoTime();
            h.record(after - now);
            now = after;
            n += recordsPerCall;
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        } finally {
          counts[id] = n;
        }
      }, "bench-writer-" + t);
      workers.add(w);
      w.start();
    }
    ready.await();
    long start = System.nanoTime();
    startHolder[0] = start;
    go.countDown();
    for (Thread w : workers) {
      w.join();
    }
    long elapsed = System.nanoTime() - start;
    if (failure.get() != null) {
      throw new IllegalStateException("a writer failed", failure.get());
    }
    LatencyHistogram all = new LatencyHistogram();
    long total = 0;
    for (int t = 0; t < threads; t++) {
      all.merge(hists[t]);
      total += counts[t];
    }
    return new Run(total, elapsed, 0, 0, 0, -1, -1, all.quantile(0.5), all.quantile(0.99), size);
  }

  /**
   * Like {@link #drive}, but each of {@code threads} writers keeps {@code inFlight} records in
   * flight through {@code writeAsync}: it submits until its window is full, then waits for its
   * oldest record, counts it and submits the next. When the time is up it stops submitting and
   * waits for the rest, which count too (the wall time includes that drain). Latency is from
   * {@code writeAsync} to the moment the writer sees the record acknowledged.
   */
  private static Run driveAsync(int threads, int size, double seconds, int inFlight,
      SegmentedFileLog log) throws Exception {
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    long[] counts = new long[threads];
    LatencyHistogram[] hists = new LatencyHistogram[threads];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long durationNanos = (long) (seconds * 1e9);
    long[] startHolder = new long[1];
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread w = new Thread(() -> {
        ByteBuffer record = ByteBuffer.allocate(size);
        fillRandom(record, id);
        LatencyHistogram h = new LatencyHistogram();
        hists[id] = h;
        @SuppressWarnings("unchecked")
        CompletableFuture<RecordHandle>[] ring = new CompletableFuture[inFlight];
        long[] submitted = new long[inFlight]; // submit time of each slot
        int head = 0; // the oldest record in flight
        int pending = 0;
        long n = 0;
        try {
          ready.countDown();
          go.await();
          long end = startHolder[0] + durationNanos;
          long now = System.nanoTime();
          while (now < end) {
            if (pending == inFlight) {
              ring[head].join();
              now = System.nanoTime();
              h.record(now - submitted[head]);
              ring[head] = null;
              head = (head + 1) % inFlight;
              pending--;
              n++;
            }
            int tail = (head + pending) % inFlight;
            submitted[tail] = now;
            ring[tail] = log.writeAsync(record, RECORD_TIME_MS);
            pending++;
            now = System.nanoTime();
          }
          while (pending > 0) {
            ring[head].join();
            h.record(System.nanoTime() - submitted[head]);
            head = (head + 1) % inFlight;
            pending--;
            n++;
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        } finally {
          counts[id] = n;
        }
      }, "bench-writer-" + t);
      workers.add(w);
      w.start();
    }
    ready.await();
    long start = System.nanoTime();
    startHolder[0] = start;
    go.countDown();
    for (Thread w : workers) {
      w.join();
    }
    long elapsed = System.nanoTime() - start;
    if (failure.get() != null) {
      throw new IllegalStateException("a writer failed", failure.get());
    }
    LatencyHistogram all = new LatencyHistogram();
    long total = 0;
    for (int t = 0; t < threads; t++) {
      all.merge(hists[t]);
      total += counts[t];
    }
    return new Run(total, elapsed, 0, 0, 0, -1, -1, all.quantile(0.5), all.quantile(0.99), size);
  }

  private static Thread findThread(String namePrefix) {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(namePrefix)) {
        return t;
      }
    }
    return null;
  }

  private long cpuTime(Thread t) {
    if (!threads.isThreadCpuTimeSupported()) {
      return -1;
    }
    return threads.getThreadCpuTime(t.getId());
  }

  private long userTime(Thread t) {
    if (!threads.isThreadCpuTimeSupported()) {
      return -1;
    }
    return threads.getThreadUserTime(t.getId());
  }

  private static void fillRandom(ByteBuffer b, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    b.clear();
    while (b.remaining() >= 8) {
      b.putLong(random.nextLong());
    }
    while (b.hasRemaining()) {
      b.put((byte) random.nextInt());
    }
    b.flip();
  }

  // -------------------------------------------------------------------------------- output

  private static void printRun(String policy, int size, int threads, int inFlight, Run r) {
    String cpu = r.writerCpuShare() < 0 ? "" : String.format(Locale.ROOT,
        " writer CPU %.0f%% (user %.0f%%)", 100 * r.writerCpuShare(), 100 * r.writerUserShare());
    System.out.printf(Locale.ROOT, "%-12s %5d B %3d thr × %3d in flight: %,10.0f rec/s %8.2f"
            + " MB/s %,8.0f syncs/s %7.1f rec/sync (max %.0f) in-sync %3.0f%%%s p50 %s p99 %s µs%n",
        policy, size, threads, inFlight, r.recordsPerSec(), r.payloadMBps(size), r.syncsPerSec(),
        r.recordsPerSync(), r.maxRecordsPerSync(), 100 * r.inSyncShare(), cpu,
        micros(r.p50Nanos()), micros(r.p99Nanos()));
  }

  private void report(Map<String, List<Double>> raw, Map<Point, List<Run>> runs) {
    double fdatasync = median(raw.get("fdatasync"));
    double fsync = median(raw.get("fsync"));
    double seq = median(raw.get("seq"));
    System.out.printf(Locale.ROOT, "%n## Medians over %d repetitions%n%n", settings.reps());
    System.out.println("Disk (raw FileChannel, same directory, same run):");
    System.out.println();
    System.out.println("| raw measurement | median | min – max |");
    System.out.println("| --- | ---: | ---: |");
    rawRow("4 KiB append + force(false) (fdatasync)", raw.get("fdatasync"), "syncs/s");
    rawRow("4 KiB append + force(true) (fsync)", raw.get("fsync"), "syncs/s");
    rawRow("1 MiB append + force(false): sequential bandwidth", raw.get("seq"), "MB/s");
    System.out.println();
    System.out.println("WAL (SegmentedFileLog on RawLocalFileSystem):");
    System.out.println();
    System.out.println("| policy | record | writers | in flight | records/s | MB/s"
        + " | min – max records/s | syncs/s | records/sync | max group | in sync"
        + " | writer CPU (user) | p50 µs | p99 µs |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        + " ---: | ---: | ---: | ---: |");
    for (Map.Entry<Point, List<Run>> e : runs.entrySet()) {
      Point p = e.getKey();
      List<Run> rs = e.getValue();
      double recs = median(rs, Run::recordsPerSec);
      double min = rs.stream().mapToDouble(Run::recordsPerSec).min().orElse(0);
      double max = rs.stream().mapToDouble(Run::recordsPerSec).max().orElse(0);
      double cpu = median(rs, Run::writerCpuShare);
      double user = median(rs, Run::writerUserShare);
      System.out.printf(Locale.ROOT, "| %s | %d B | %d | %d | %,.0f | %.2f | %,.0f – %,.0f |"
              + " %,.0f | %.1f | %.0f | %.0f %% | %s | %s | %s |%n",
          p.policy(), p.size(), p.threads(), p.inFlight(), recs, recs * p.size() / 1e6, min, max,
          median(rs, Run::syncsPerSec), median(rs, Run::recordsPerSync),
          median(rs, Run::maxRecordsPerSync), 100 * median(rs, Run::inSyncShare),
          cpu < 0 ? "–" : String.format(Locale.ROOT, "%.0f %% (%.0f %%)", 100 * cpu, 100 * user),
          micros((long) median(rs, r -> r.p50Nanos())),
          micros((long) median(rs, r -> r.p99Nanos())));
    }
    System.out.println();
    System.out.println("records/sync = acknowledged records ÷ hsync (or hflush) calls; max group"
        + " = the most bytes one sync covered ÷ frame size; in sync = share of wall time inside"
        + " hsync/hflush; writer CPU (user) = CPU time (user-mode part) of the group-commit thread"
        + " ÷ wall time; in flight = records each writer keeps in flight (1: a loop of write();"
        + " K > 1: writeAsync with a window of K, the oldest awaited before the next is sent);"
        + " p50/p99 = latency of one write() (or from writeAsync() to the writer seeing the"
        + " record acknowledged) as its caller sees it.");

    // ---- issue 3 targets
    System.out.println();
    System.out.println("## Issue 3 targets");
    System.out.println();
    String gc = DurabilityPolicy.GROUP_COMMIT.name();
    Point best4k = best(runs, gc, 4096);
    Point best100 = best(runs, gc, 100);
    if (best4k == null || best100 == null) {
      System.out.println("(not evaluated: GROUP_COMMIT with 100 B and 4096 B records not measured)");
      return;
    }
    for (Map.Entry<Point, List<Run>> e : runs.entrySet()) {
      Point p = e.getKey();
      if (p.policy().equals(gc) && p.size() == 4096) {
        double mb = median(e.getValue(), r -> r.payloadMBps(4096));
        System.out.printf(Locale.ROOT, "- group commit, 4 KiB, %d writers × %d in flight: %.1f"
            + " MB/s = %.2f of the disk's %.1f MB/s (%.2f× below it)%n",
            p.threads(), p.inFlight(), mb, mb / seq, seq, seq / mb);
      }
    }
    double mb4k = median(runs.get(best4k), r -> r.payloadMBps(4096));
    boolean t1 = seq / mb4k <= TARGET_BANDWIDTH_FACTOR;
    System.out.printf(Locale.ROOT, "Target 1 — group commit within %.0f× of the disk's sequential"
            + " bandwidth for 4 KiB records: %s (best: %d writers × %d in flight, %.1f MB/s vs"
            + " %.1f MB/s, %.2f×)%n",
        TARGET_BANDWIDTH_FACTOR, t1 ? "MET" : "NOT MET", best4k.threads(), best4k.inFlight(),
        mb4k, seq, seq / mb4k);
    double rec100 = median(runs.get(best100), Run::recordsPerSec);
    boolean t2 = rec100 >= TARGET_SMALL_RECORDS_PER_S;
    System.out.printf(Locale.ROOT, "Target 2 — ≥ %,.0f acknowledged 100-byte records/s with an"
            + " fsync per group: %s (best: %d writers × %d in flight, %,.0f records/s, %.1f"
            + " records/sync, %,.0f syncs/s)%n", TARGET_SMALL_RECORDS_PER_S, t2 ? "MET" : "NOT MET",
        best100.threads(), best100.inFlight(), rec100, median(runs.get(best100), Run::recordsPerSync),
        median(runs.get(best100), Run::syncsPerSec));
    System.out.printf(Locale.ROOT, "(disk: %,.0f fdatasync/s, %,.0f fsync/s of 4 KiB; %.1f MB/s"
        + " with 1 MiB writes)%n", fdatasync, fsync, seq);
  }

  private static Point best(Map<Point, List<Run>> runs, String policy, int size) {
    Point best = null;
    double bestRate = -1;
    for (Map.Entry<Point, List<Run>> e : runs.entrySet()) {
      Point p = e.getKey();
      if (p.policy().equals(policy) && p.size() == size) {
        double rate = median(e.getValue(), Run::recordsPerSec);
        if (rate > bestRate) {
          bestRate = rate;
          best = p;
        }
      }
    }
    return best;
  }

  private static void rawRow(String what, List<Double> values, String unit) {
    double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    String fmt = unit.equals("MB/s") ? "%.1f" : "%,.0f";
    System.out.printf(Locale.ROOT, "| %s | " + fmt + " %s | " + fmt + " – " + fmt + " |%n",
        what, median(values), unit, min, max);
  }

  private static String micros(long nanos) {
    return String.format(Locale.ROOT, "%,.0f", nanos / 1e3);
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static double median(List<Run> runs, ToDoubleFunction<Run> f) {
    List<Double> values = new ArrayList<>();
    for (Run r : runs) {
      values.add(f.applyAsDouble(r));
    }
    return median(values);
  }
}

package io.tidemark.bench;

import io.tidemark.wal.DurabilityPolicy;
import io.tidemark.wal.RecordHandle;
import io.tidemark.wal.WalOptions;
import io.tidemark.wal.WriteAheadLog;
import io.tidemark.wal.fs.SegmentedFileLog;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One acknowledged {@link WriteAheadLog#write} per operation on the local disk, per durability
 * policy and record size, from 1 and from 4 JMH threads sharing one log (the score is the sum
 * over threads: acknowledged appends/s). A fresh log directory per iteration, deleted after it,
 * so that file growth does not carry over. The fsync-bound figures over seconds, with the disk's
 * raw rate beside them, are {@link WalThroughputBenchmark}'s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class WalAppendBenchmark {

  /** The log's durability policy. */
  @Param({"HSYNC", "GROUP_COMMIT", "HFLUSH"})
  public DurabilityPolicy policy;

  /** Payload bytes per record. */
  @Param({"100", "4096"})
  public int recordSize;

  private final Configuration conf = new Configuration();
  private Path dir;
  private WriteAheadLog log;
  private long recordTime;

  /** Per-thread record buffer (each writer has its own, as receivers do). */
  @State(Scope.Thread)
  public static class Record {
    ByteBuffer buffer;

    /** Fills the buffer with random bytes. */
    @Setup
    public void setUp(WalAppendBenchmark bench) {
      byte[] bytes = new byte[bench.recordSize];
      new SplittableRandom(Thread.currentThread().getId()).nextBytes(bytes);
      buffer = ByteBuffer.wrap(bytes);
    }
  }

  /** A new log in a new directory. */
  @Setup(Level.Iteration)
  public void open() {
    dir = BenchDirs.newScratchDir("wal-append-");
    log = SegmentedFileLog.open(new org.apache.hadoop.fs.Path(dir.toUri()), conf,
        WalOptions.defaults().withDurability(policy));
    recordTime = 1_000L;
  }

  /** Closes the log and deletes it. */
  @TearDown(Level.Iteration)
  public void close() {
    log.close();
    BenchDirs.deleteRecursively(dir);
  }

  /** One append from one thread. */
  @Benchmark
  @Threads(1)
  public RecordHandle append1Thread(Record record) {
    return log.write(record.buffer, recordTime);
  }

  /** One append from each of 4 threads. */
  @Benchmark
  @Threads(4)
  public RecordHandle append4Threads(Record record) {
    return log.write(record.buffer, recordTime);
  }
}

package io.tidemark.wal.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tidemark.wal.CloseableIterator;
import io.tidemark.wal.CorruptRecordException;
import io.tidemark.wal.DurabilityPolicy;
import io.tidemark.wal.RecordHandle;
import io.tidemark.wal.UnreadableSegmentException;
import io.tidemark.wal.WalException;
import io.tidemark.wal.WalOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The guarantees of {@link SegmentedFileLog}, run against every file system a subclass provides
 * (local disk, a real HDFS).
 */
abstract class WriteAheadLogContractTest {

  private static final AtomicInteger DIRS = new AtomicInteger();

  /** The file system the tests inspect and damage files with (raw: no checksum side files). */
  protected abstract FileSystem fileSystem();

  /** A directory under which every test makes its own log directories. */
  protected abstract Path baseDirectory();

  /** Opens a log as production code would for this file system. */
  protected abstract SegmentedFileLog open(Path dir, WalOptions options);

  /** Asserts what a subclass knows about a cut torn tail (the local file system truncates). */
  protected void assertTornTailCut(Path segment, long validLength) throws IOException {}

  protected Path newLogDirectory() {
    return new Path(baseDirectory(), "log-dir-" + DIRS.incrementAndGet());
  }

  protected SegmentedFileLog open(Path dir) {
    return open(dir, WalOptions.defaults());
  }

  // -------------------------------------------------------------------------------- basics

  @ParameterizedTest
  @EnumSource(DurabilityPolicy.class)
  void everyWrittenRecordReadsBackByHandleAndInWriteOrder(DurabilityPolicy policy) {
    Path dir = newLogDirectory();
    List<RecordHandle> handles = new ArrayList<>();
    try (SegmentedFileLog log = open(dir, WalOptions.defaults().withDurability(policy))) {
      for (int i = 0; i < 50; i++) {
        handles.add(log.write(record("r" + i, i * 37), 1_000 + i));
      }
      for (int i = 0; i < 50; i++) {
        assertThat(text(log.read(handles.get(i)))).isEqualTo(expected("r" + i, i * 37));
      }
      assertThat(readAll(log)).containsExactlyElementsOf(expectedRange("r", 0, 50));
    }
  }

  @Test
  void writeLeavesTheCallersBufferUntouched() {
    try (SegmentedFileLog log = open(newLogDirectory())) {
      ByteBuffer direct = ByteBuffer.allocateDirect(16);
      direct.put("0123456789abcdef".getBytes(UTF_8)).flip().position(4);
      RecordHandle h = log.write(direct, 1);
      assertThat(direct.position()).isEqualTo(4);
      assertThat(text(log.read(h))).isEqualTo("456789abcdef");
      assertThat(h.length()).isEqualTo(12);
    }
  }

  @Test
  void emptyRecordsAreRecords() {
    try (SegmentedFileLog log = open(newLogDirectory())) {
      RecordHandle h = log.write(ByteBuffer.allocate(0), 1);
      log.write(ByteBuffer.wrap("x".getBytes(UTF_8)), 2);
      assertThat(log.read(h).remaining()).isZero();
      assertThat(readAll(log)).containsExactly("", "x");
    }
  }

  @Test
  void recordLongerThanTheMaximumIsRefusedAndNothingIsWritten() {
    try (SegmentedFileLog log = open(newLogDirectory(),
        WalOptions.defaults().withMaxRecordSize(100))) {
      assertThatThrownBy(() -> log.write(ByteBuffer.allocate(101), 1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("101");
      log.write(ByteBuffer.allocate(100), 1);
      assertThat(readAll(log)).hasSize(1);
    }
  }

  @Test
  void acknowledgedHsyncWriteIsInTheFileLengthBeforeClose() throws IOException {
    try (SegmentedFileLog log = open(newLogDirectory())) {
      RecordHandle h = log.write(record("durable", 1000), 1);
      long end = h.offset() + SegmentFormat.FRAME_HEADER_SIZE + h.length();
      // LocalFileSystem would show 0 bytes here; HDFS without UPDATE_LENGTH a stale length.
      assertThat(fileSystem().getFileStatus(new Path(h.segmentPath())).getLen()).isEqualTo(end);
    }
  }

  @Test
  void hflushedRecordIsSeenByANewReaderBeforeClose() {
    Path dir = newLogDirectory();
    try (SegmentedFileLog writer = open(dir,
        WalOptions.defaults().withDurability(DurabilityPolicy.HFLUSH))) {
      writer.write(record("a", 10), 1);
      writer.write(record("b", 10), 2);
      try (SegmentedFileLog reader = SegmentedFileLog.open(fileSystem(), dir,
          WalOptions.defaults())) {
        assertThat(readAll(reader)).containsExactly(expected("a", 10), expected("b", 10));
      }
    }
  }

  @Test
  void closeIsIdempotentAndAClosedLogRefusesWork() {
    SegmentedFileLog log = open(newLogDirectory());
    log.write(record("x", 1), 1);
    log.close();
    log.close();
    assertThatThrownBy(() -> log.write(record("y", 1), 2))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> log.writeAsync(record("y", 1), 2))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> log.writeAll(List.of(record("y", 1)), 2))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(log::readAll).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> log.clean(0, true)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void reopenedLogKeepsItsRecordsAndAppendsAfterThem() {
    Path dir = newLogDirectory();
    List<RecordHandle> handles = new ArrayList<>();
    try (SegmentedFileLog log = open(dir)) {
      for (int i = 0; i < 3; i++) {
        handles.add(log.write(record("r" + i, 20), 100 + i));
      }
    }
    try (SegmentedFileLog log = open(dir)) {
      for (int i = 3; i < 5; i++) {
        handles.add(log.write(record("r" + i, 20), 100 + i));
      }
      assertThat(readAll(log)).containsExactlyElementsOf(expectedFixed("r", 0, 5, 20));
      assertThat(text(log.read(handles.get(1)))).isEqualTo(expected("r1", 20));
      assertThat(log.segments()).hasSize(2);
    }
    try (SegmentedFileLog log = open(dir)) {
      assertThat(readAll(log)).containsExactlyElementsOf(expectedFixed("r", 0, 5, 20));
    }
  }

  // ---------------------------------------------------------------------- rolling, cleaning

  @Test
  void segmentsRollWhenARecordTimeReachesTheCurrentSegmentsEnd() {
    Path dir = newLogDirectory();
    WalOptions options = WalOptions.defaults().withRollingInterval(Duration.ofSeconds(1));
    try (SegmentedFileLog log = open(dir, options)) {
      long[] times = {0, 500, 999, 1000, 1500, 2500, 10_000, 100};
      for (long t : times) {
        log.write(record("t" + t, 8), t);
      }
      assertThat(log.segments()).containsExactly(
          new SegmentName(0, 0, 1000),
          new SegmentName(1, 1000, 2000),
          new SegmentName(2, 2500, 3500),
          // a time going backwards stays in the current segment, whose end still bounds it
          new SegmentName(3, 10_000, 11_000));
      assertThat(readAll(log)).containsExactlyElementsOf(
          Arrays.stream(times).mapToObj(t -> expected("t" + t, 8)).toList());
    }
  }

  @Test
  void cleanDeletesOnlySegmentsWhoseRecordsAreAllOlderThanTheThreshold() {
    Path dir = newLogDirectory();
    WalOptions options = WalOptions.defaults().withRollingInterval(Duration.ofSeconds(1));
    try (SegmentedFileLog log = open(dir, options)) {
      for (long t : new long[] {0, 999, 1000, 2500, 5000}) {
        log.write(record("t" + t, 8), t);
      }
      log.clean(1999, true);
      assertThat(log.segments()).extracting(SegmentName::sequence).containsExactly(1L, 2L, 3L);
      log.clean(2000, true);
      assertThat(readAll(log)).containsExactly(expected("t2500", 8), expected("t5000", 8));
      // the segment being written survives any threshold
      log.clean(Long.MAX_VALUE, true);
      assertThat(log.segments()).extracting(SegmentName::sequence).containsExactly(3L);
      log.write(record("t5001", 8), 5001);
      assertThat(readAll(log)).containsExactly(expected("t5000", 8), expected("t5001", 8));
    }
    try (SegmentedFileLog log = open(dir, options)) {
      log.clean(Long.MAX_VALUE, false);
      await().atMost(Duration.ofSeconds(30)).until(() -> log.segments().isEmpty());
      assertThat(readAll(log)).isEmpty();
    }
  }

  @Test
  void readingAHandleOfACleanedSegmentFailsNamingTheFile() {
    try (SegmentedFileLog log = open(newLogDirectory(),
        WalOptions.defaults().withRollingInterval(Duration.ofSeconds(1)))) {
      RecordHandle old = log.write(record("old", 8), 0);
      log.write(record("new", 8), 5000);
      log.clean(5000, true);
      assertThatThrownBy(() -> log.read(old))
          .isInstanceOf(WalException.class)
          .hasMessageContaining(old.segmentPath());
    }
  }

  // ----------------------------------------------------------------------- group commit

  @Test
  void concurrentWritersUnderGroupCommitFindEveryRecordExactlyOnce() throws Exception {
    int threads = 8;
    int perThread = 1000;
    Path dir = newLogDirectory();
    ConcurrentLinkedQueue<Map.Entry<String, RecordHandle>> written = new ConcurrentLinkedQueue<>();
    try (SegmentedFileLog log = open(dir,
        WalOptions.defaults().withDurability(DurabilityPolicy.GROUP_COMMIT))) {
      runConcurrently(threads, perThread, (thread, i) -> {
        String value = "w" + thread + "-" + i;
        written.add(Map.entry(value, log.write(ByteBuffer.wrap(value.getBytes(UTF_8)), 10 + i)));
      });
      assertThat(written).hasSize(threads * perThread);
      int n = 0;
      for (Map.Entry<String, RecordHandle> e : written) {
        if (n++ % 40 == 0) { // a sample: on HDFS every random read opens the file
          assertThat(text(log.read(e.getValue()))).isEqualTo(e.getKey());
        }
      }
      assertEveryThreadsRecordsOnceAndInOrder(readAll(log), threads, perThread);
    }
    try (SegmentedFileLog log = open(dir)) {
      assertEveryThreadsRecordsOnceAndInOrder(readAll(log), threads, perThread);
    }
  }

  @Test
  void closeAfterWriteMakesEveryWriteOrGroupAClosedSegment() throws Exception {
    Path dir = newLogDirectory();
    try (SegmentedFileLog log = open(dir, WalOptions.defaults().withCloseAfterWrite(true))) {
      log.write(record("a", 8), 100);
      log.write(record("b", 8), 100);
      log.write(record("c", 8), 70_000);
      assertThat(log.segments()).containsExactly(
          new SegmentName(0, 100, 101), new SegmentName(1, 100, 101),
          new SegmentName(2, 70_000, 70_001));
      log.clean(101, true);
      assertThat(readAll(log)).containsExactly(expected("c", 8));
    }
    Path grouped = newLogDirectory();
    try (SegmentedFileLog log = open(grouped, WalOptions.defaults().withCloseAfterWrite(true)
        .withDurability(DurabilityPolicy.GROUP_COMMIT))) {
      runConcurrently(4, 25, (thread, i) -> {
        String value = "w" + thread + "-" + i;
        log.write(ByteBuffer.wrap(value.getBytes(UTF_8)), i);
      });
      assertThat(log.segments().size()).isBetween(1, 100);
      assertEveryThreadsRecordsOnceAndInOrder(readAll(log), 4, 25);
    }
  }

  // ------------------------------------------------------------- asynchronous and batch writes

  @Test
  void manyRecordsInFlightFromSeveralThreadsAreEachWrittenOnceInCallerOrder() throws Exception {
    int threads = 4;
    int perThread = 2000;
    Path dir = newLogDirectory();
    // A small limit, so that back-pressure blocks the callers many times during the test.
    WalOptions options = WalOptions.defaults().withDurability(DurabilityPolicy.GROUP_COMMIT)
        .withMaxBytesInFlight(8 << 10);
    List<List<CompletableFuture<RecordHandle>>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(new ArrayList<>());
    }
    try (SegmentedFileLog log = open(dir, options)) {
      runConcurrently(threads, perThread, (thread, i) -> {
        String value = "w" + thread + "-" + i;
        futures.get(thread).add(log.writeAsync(ByteBuffer.wrap(value.getBytes(UTF_8)), 10));
      });
      List<CompletableFuture<RecordHandle>> all =
          futures.stream().flatMap(List::stream).toList();
      assertThat(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)))
          .succeedsWithin(Duration.ofSeconds(60));
      assertThat(log.committerBytesInFlight()).isZero();
      for (int t = 0; t < threads; t++) {
        List<RecordHandle> handles = futures.get(t).stream().map(CompletableFuture::join).toList();
        for (int i = 1; i < perThread; i++) { // one caller's records in its order, in the files
          RecordHandle a = handles.get(i - 1);
          RecordHandle b = handles.get(i);
          assertThat(a.segmentPath().compareTo(b.segmentPath()) < 0
              || a.segmentPath().equals(b.segmentPath()) && a.offset() < b.offset())
              .as("thread %d record %d after %d", t, i, i - 1).isTrue();
        }
        for (int i = t; i < perThread; i += 97) {
          assertThat(text(log.read(handles.get(i)))).isEqualTo("w" + t + "-" + i);
        }
      }
      assertEveryThreadsRecordsOnceAndInOrder(readAll(log), threads, perThread);
    }
    try (SegmentedFileLog log = open(dir)) {
      assertEveryThreadsRecordsOnceAndInOrder(readAll(log), threads, perThread);
    }
  }

  @ParameterizedTest
  @EnumSource(DurabilityPolicy.class)
  void writeAsyncCompletesOnceDurableUnderEveryPolicy(DurabilityPolicy policy) {
    try (SegmentedFileLog log = open(newLogDirectory(),
        WalOptions.defaults().withDurability(policy))) {
      List<CompletableFuture<RecordHandle>> futures = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        futures.add(log.writeAsync(record("a" + i, 20), 5));
      }
      for (int i = 0; i < 20; i++) {
        assertThat(futures.get(i)).succeedsWithin(Duration.ofSeconds(30));
        assertThat(text(log.read(futures.get(i).join()))).isEqualTo(expected("a" + i, 20));
      }
      assertThat(readAll(log)).containsExactlyElementsOf(expectedFixed("a", 0, 20, 20));
      assertThatThrownBy(() -> log.writeAsync(ByteBuffer.allocate(1), -1))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(DurabilityPolicy.class)
  void writeAllAppendsTheBatchContiguouslyWithOneSync(DurabilityPolicy policy) throws Exception {
    SyncFaultFileSystem faulty = new SyncFaultFileSystem(fileSystem());
    Path dir = newLogDirectory();
    try (SegmentedFileLog log = SegmentedFileLog.open(faulty, dir,
        WalOptions.defaults().withDurability(policy))) {
      log.write(record("first", 10), 1);
      int syncsBefore = faulty.syncs.get();
      List<ByteBuffer> batch = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        batch.add(record("b" + i, 10 + i));
      }
      List<RecordHandle> handles = log.writeAll(batch, 2);
      if (policy != DurabilityPolicy.HFLUSH) { // hflush is not counted
        assertThat(faulty.syncs.get() - syncsBefore).isEqualTo(1);
      }
      assertThat(handles).hasSize(100);
      for (int i = 1; i < 100; i++) {
        RecordHandle prev = handles.get(i - 1);
        assertThat(handles.get(i).segmentPath()).isEqualTo(prev.segmentPath());
        assertThat(handles.get(i).offset())
            .isEqualTo(prev.offset() + SegmentFormat.FRAME_HEADER_SIZE + prev.length());
      }
      assertThat(text(log.read(handles.get(42)))).isEqualTo(expected("b42", 52));
      assertThat(log.writeAll(List.of(), 3)).isEmpty();
      assertThat(batch.get(0).position()).isZero();
      List<String> expected = new ArrayList<>();
      expected.add(expected("first", 10));
      for (int i = 0; i < 100; i++) {
        expected.add(expected("b" + i, 10 + i));
      }
      assertThat(readAll(log)).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void batchesStayContiguousBesideConcurrentSingleWrites() throws Exception {
    Path dir = newLogDirectory();
    try (SegmentedFileLog log = open(dir,
        WalOptions.defaults().withDurability(DurabilityPolicy.GROUP_COMMIT))) {
      runConcurrently(3, 20, (thread, i) -> {
        if (thread == 0) {
          List<ByteBuffer> batch = new ArrayList<>();
          for (int k = 0; k < 10; k++) {
            batch.add(ByteBuffer.wrap(("batch" + i + "-" + k).getBytes(UTF_8)));
          }
          log.writeAll(batch, 1);
        } else {
          for (int k = 0; k < 10; k++) {
            log.writeAsync(ByteBuffer.wrap(("single" + thread + "-" + i).getBytes(UTF_8)), 1);
          }
        }
      });
      log.write(record("last", 4), 1); // after every earlier write of every thread
      List<String> records = readAll(log);
      assertThat(records).hasSize(20 * 10 + 2 * 20 * 10 + 1);
      for (int i = 0; i < 20; i++) {
        int start = records.indexOf("batch" + i + "-0");
        for (int k = 0; k < 10; k++) {
          assertThat(records.get(start + k)).isEqualTo("batch" + i + "-" + k);
        }
      }
    }
  }

  @Test
  void aFailedSyncCompletesTheFuturesExceptionallyAndTheLogGoesOn() {
    SyncFaultFileSystem faulty = new SyncFaultFileSystem(fileSystem());
    faulty.failNextSyncs.set(Integer.MAX_VALUE);
    Path dir = newLogDirectory();
    WalOptions options = WalOptions.defaults().withDurability(DurabilityPolicy.GROUP_COMMIT)
        .withRetries(1, Duration.ZERO);
    try (SegmentedFileLog log = SegmentedFileLog.open(faulty, dir, options)) {
      List<CompletableFuture<RecordHandle>> failed = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        failed.add(log.writeAsync(record("lost" + i, 10), 1));
      }
      for (CompletableFuture<RecordHandle> f : failed) {
        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(WalException.class)
            .hasMessageContaining("append failed after 2 attempts");
      }
      // write() throws the log's exception itself, not a CompletionException around it
      assertThatThrownBy(() -> log.write(record("lost", 10), 1))
          .isExactlyInstanceOf(WalException.class);
      assertThatThrownBy(() -> log.writeAll(List.of(record("lost", 10)), 1))
          .isExactlyInstanceOf(WalException.class);

      faulty.failNextSyncs.set(0);
      log.write(record("after", 10), 2);
      // the failed segments were cut back (deleted: nothing in them had been synced)
      assertThat(readAll(log)).containsExactly(expected("after", 10));
    }
  }

  @Test
  void aRetriedGroupIsWrittenExactlyOnce() {
    SyncFaultFileSystem faulty = new SyncFaultFileSystem(fileSystem());
    faulty.failNextSyncs.set(1); // the first group's first sync fails, its retry succeeds
    Path dir = newLogDirectory();
    WalOptions options = WalOptions.defaults().withDurability(DurabilityPolicy.GROUP_COMMIT)
        .withRetries(2, Duration.ZERO);
    try (SegmentedFileLog log = SegmentedFileLog.open(faulty, dir, options)) {
      List<CompletableFuture<RecordHandle>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        futures.add(log.writeAsync(record("r" + i, 10), 1));
      }
      assertThat(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)))
          .succeedsWithin(Duration.ofSeconds(30));
      assertThat(faulty.failNextSyncs.get()).isZero();
      assertThat(readAll(log)).containsExactlyElementsOf(expectedFixed("r", 0, 200, 10));
    }
    try (SegmentedFileLog log = open(dir)) {
      assertThat(readAll(log)).containsExactlyElementsOf(expectedFixed("r", 0, 200, 10));
    }
  }

  @Test
  void writeAsyncBlocksWhenTheBytesInFlightReachTheLimit() throws Exception {
    SyncFaultFileSystem faulty = new SyncFaultFileSystem(fileSystem());
    CountDownLatch gate = new CountDownLatch(1);
    faulty.gate = gate;
    int frame = SegmentFormat.FRAME_HEADER_SIZE + 100;
    WalOptions options = WalOptions.defaults().withDurability(DurabilityPolicy.GROUP_COMMIT)
        .withMaxBytesInFlight(3L * frame);
    try (SegmentedFileLog log = SegmentedFileLog.open(faulty, newLogDirectory(), options)) {
      List<CompletableFuture<RecordHandle>> futures = new ArrayList<>();
      for (int i = 0; i < 3; i++) { // room for exactly three; the first group waits at the gate
        futures.add(log.writeAsync(record("r" + i, 100), 1));
      }
      assertThat(log.committerBytesInFlight()).isEqualTo(3L * frame);
      AtomicBoolean returned = new AtomicBoolean();
      AtomicReference<CompletableFuture<RecordHandle>> fourth = new AtomicReference<>();
      Thread caller = new Thread(() -> {
        fourth.set(log.writeAsync(record("r3", 100), 1));
        returned.set(true);
      });
      caller.start();
      await().atMost(Duration.ofSeconds(30))
          .until(() -> caller.getState() == Thread.State.WAITING);
      assertThat(returned).isFalse();
      assertThat(futures).noneMatch(CompletableFuture::isDone);
      gate.countDown();
      caller.join(30_000);
      assertThat(returned).isTrue();
      futures.add(fourth.get());
      for (CompletableFuture<RecordHandle> f : futures) {
        assertThat(f).succeedsWithin(Duration.ofSeconds(30));
      }
      assertThat(readAll(log)).containsExactlyElementsOf(expectedFixed("r", 0, 4, 100));
      // a record larger than the whole limit still goes through when nothing else is in flight
      log.write(record("big", 1000), 1);
    }
  }

  // -------------------------------------------------------------------- torn tails, damage

  @Test
  void tornTailAtEveryByteOfTheLastRecordKeepsTheCompleteRecordsAndAppendsContinue()
      throws IOException {
    Path source = newLogDirectory();
    List<RecordHandle> handles = new ArrayList<>();
    try (SegmentedFileLog log = open(source)) {
      for (int i = 0; i < 5; i++) {
        handles.add(log.write(record("r" + i, 30), 100 + i));
      }
    }
    Path segment = new Path(handles.get(0).segmentPath());
    byte[] bytes = readBytes(segment);
    int lastFrame = (int) handles.get(4).offset();
    assertThat(bytes.length).isEqualTo(lastFrame + SegmentFormat.FRAME_HEADER_SIZE + 30);
    List<String> complete = expectedFixed("r", 0, 4, 30);
    for (int cut = lastFrame; cut < bytes.length; cut++) {
      Path dir = new Path(baseDirectory(), source.getName() + "-cut-" + cut);
      Path copy = new Path(dir, segment.getName());
      writeBytes(copy, Arrays.copyOf(bytes, cut));
      try (SegmentedFileLog log = open(dir)) {
        assertThat(readAll(log)).as("cut at byte %d", cut).containsExactlyElementsOf(complete);
        assertTornTailCut(copy, lastFrame);
        RecordHandle after = log.write(record("after", 30), 200);
        List<String> expected = new ArrayList<>(complete);
        expected.add(expected("after", 30));
        assertThat(readAll(log)).as("cut at byte %d", cut).containsExactlyElementsOf(expected);
        assertThat(text(log.read(after))).isEqualTo(expected("after", 30));
      }
    }
  }

  @Test
  void segmentCutInsideItsHeaderIsDroppedAndAppendsContinue() throws IOException {
    for (int cut = 0; cut < SegmentFormat.HEADER_SIZE; cut++) {
      Path dir = newLogDirectory();
      Path segment = new Path(dir, new SegmentName(7, 0, 60_000).fileName());
      writeBytes(segment, Arrays.copyOf(SegmentFormat.header(), cut));
      try (SegmentedFileLog log = open(dir)) {
        assertThat(readAll(log)).isEmpty();
        log.write(record("x", 4), 1);
        assertThat(readAll(log)).containsExactly(expected("x", 4));
        assertThat(log.segments()).extracting(SegmentName::sequence).containsExactly(8L);
      }
    }
  }

  @Test
  void zeroFilledTailIsATornTailNotCorruption() throws IOException {
    Path dir = newLogDirectory();
    Path segment;
    try (SegmentedFileLog log = open(dir)) {
      log.write(record("a", 10), 1);
      segment = new Path(log.write(record("b", 10), 2).segmentPath());
    }
    byte[] bytes = readBytes(segment);
    writeBytes(segment, Arrays.copyOf(bytes, bytes.length + 4096));
    try (SegmentedFileLog log = open(dir)) {
      assertThat(readAll(log)).containsExactly(expected("a", 10), expected("b", 10));
      log.write(record("c", 10), 3);
      assertThat(readAll(log)).containsExactly(
          expected("a", 10), expected("b", 10), expected("c", 10));
    }
  }

  @Test
  void flippedPayloadByteInsideASegmentIsReportedWithFileAndOffsetOrSkippedAndCounted()
      throws IOException {
    Path dir = newLogDirectory();
    List<RecordHandle> handles = writeFive(dir);
    RecordHandle bad = handles.get(2);
    flipByte(new Path(bad.segmentPath()), bad.offset() + SegmentFormat.FRAME_HEADER_SIZE + 3);
    try (SegmentedFileLog log = open(dir)) {
      assertThatThrownBy(() -> readAll(log))
          .isInstanceOfSatisfying(CorruptRecordException.class, e -> {
            assertThat(e.file()).contains(bad.segmentPath());
            assertThat(e.offset()).isEqualTo(bad.offset());
          })
          .hasMessageContaining(bad.segmentPath())
          .hasMessageContaining("byte offset " + bad.offset())
          .hasMessageContaining("CRC32C");
      assertThatThrownBy(() -> log.read(bad)).isInstanceOf(CorruptRecordException.class);
      assertThat(text(log.read(handles.get(3)))).isEqualTo(expected("r3", 30));
    }
    try (SegmentedFileLog log = open(dir, WalOptions.defaults().withSkipCorruptRecords(true))) {
      assertThat(readAll(log)).containsExactly(expected("r0", 30), expected("r1", 30),
          expected("r3", 30), expected("r4", 30));
      assertThat(log.skippedCorruptRecords()).isEqualTo(1);
    }
  }

  @Test
  void impossibleLengthInsideASegmentIsReportedBeforeAnyAllocation() throws IOException {
    Path dir = newLogDirectory();
    List<RecordHandle> handles = writeFive(dir);
    RecordHandle bad = handles.get(1);
    flipByte(new Path(bad.segmentPath()), bad.offset()); // high byte of the length: > 16 MiB
    try (SegmentedFileLog log = open(dir, WalOptions.defaults().withMaxRecordSize(1 << 20))) {
      assertThatThrownBy(() -> readAll(log))
          .isInstanceOfSatisfying(CorruptRecordException.class,
              e -> assertThat(e.offset()).isEqualTo(bad.offset()))
          .hasMessageContaining(bad.segmentPath())
          .hasMessageContaining("outside [0, 1048576]");
    }
    try (SegmentedFileLog log = open(dir, WalOptions.defaults().withSkipCorruptRecords(true)
        .withMaxRecordSize(1 << 20))) {
      // nothing after an impossible length can be trusted to be a frame boundary
      assertThat(readAll(log)).containsExactly(expected("r0", 30));
      assertThat(log.skippedCorruptRecords()).isEqualTo(1);
      // appends still work: they go to a new segment
      log.write(record("later", 30), 500);
      assertThat(readAll(log)).containsExactly(expected("r0", 30), expected("later", 30));
    }
  }

  @Test
  void foreignFileNamedLikeASegmentIsRefusedNamingIt() throws IOException {
    Path dir = newLogDirectory();
    Path foreign = new Path(dir, new SegmentName(0, 0, 60_000).fileName());
    writeBytes(foreign, "PAR1 this is not a write-ahead log".getBytes(UTF_8));
    assertThatThrownBy(() -> open(dir))
        .isInstanceOfSatisfying(UnreadableSegmentException.class,
            e -> assertThat(e.file().orElseThrow()).endsWith(foreign.toUri().getPath()))
        .hasMessageContaining("wrong magic number")
        .hasMessageContaining(foreign.getName());
  }

  @Test
  void segmentOfAFutureFormatVersionIsRefusedNamingIt() throws IOException {
    Path dir = newLogDirectory();
    List<RecordHandle> handles = writeFive(dir);
    Path segment = new Path(handles.get(0).segmentPath());
    byte[] bytes = readBytes(segment);
    bytes[7] = 2; // version 1 -> 2
    writeBytes(segment, bytes);
    assertThatThrownBy(() -> open(dir))
        .isInstanceOf(UnreadableSegmentException.class)
        .hasMessageContaining("format version 2")
        .hasMessageContaining(segment.getName());
    // also when it is not the last segment: the reader refuses it
    Path dir2 = newLogDirectory();
    writeBytes(new Path(dir2, segment.getName()), bytes);
    writeBytes(new Path(dir2, new SegmentName(9, 0, 1).fileName()), SegmentFormat.header());
    try (SegmentedFileLog log = open(dir2)) {
      assertThatThrownBy(() -> readAll(log))
          .isInstanceOf(UnreadableSegmentException.class)
          .hasMessageContaining(segment.getName());
    }
  }

  @Test
  void filesNotNamedLikeSegmentsAreIgnored() throws IOException {
    Path dir = newLogDirectory();
    writeBytes(new Path(dir, "README"), "hello".getBytes(UTF_8));
    writeBytes(new Path(dir, ".log-0000000001-0-1.crc"), new byte[12]);
    try (SegmentedFileLog log = open(dir)) {
      log.write(record("a", 1), 1);
      assertThat(readAll(log)).containsExactly(expected("a", 1));
    }
  }

  // -------------------------------------------------------------------------------- helpers

  private List<RecordHandle> writeFive(Path dir) {
    List<RecordHandle> handles = new ArrayList<>();
    try (SegmentedFileLog log = open(dir)) {
      for (int i = 0; i < 5; i++) {
        handles.add(log.write(record("r" + i, 30), 100 + i));
      }
    }
    return handles;
  }

  /** A record: {@code name} padded with dots to {@code size} bytes (at least the name). */
  static ByteBuffer record(String name, int size) {
    return ByteBuffer.wrap(expected(name, size).getBytes(UTF_8));
  }

  static String expected(String name, int size) {
    return name.length() >= size ? name : name + ".".repeat(size - name.length());
  }

  private static List<String> expectedRange(String prefix, int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(expected(prefix + i, i * 37));
    }
    return out;
  }

  private static List<String> expectedFixed(String prefix, int from, int to, int size) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(expected(prefix + i, size));
    }
    return out;
  }

  static String text(ByteBuffer b) {
    byte[] bytes = new byte[b.remaining()];
    b.duplicate().get(bytes);
    return new String(bytes, UTF_8);
  }

  static List<String> readAll(SegmentedFileLog log) {
    List<String> out = new ArrayList<>();
    try (CloseableIterator<ByteBuffer> it = log.readAll()) {
      it.forEachRemaining(b -> out.add(text(b)));
    }
    return out;
  }

  interface Body {
    void run(int thread, int i) throws Exception;
  }

  static void runConcurrently(int threads, int perThread, Body body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            body.run(thread, i);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertEveryThreadsRecordsOnceAndInOrder(
      List<String> records, int threads, int perThread) {
    assertThat(records).hasSize(threads * perThread).doesNotHaveDuplicates();
    Map<Integer, Integer> nextPerThread = new HashMap<>();
    for (String r : records) {
      String[] parts = r.substring(1).split("-");
      int thread = Integer.parseInt(parts[0]);
      int i = Integer.parseInt(parts[1]);
      assertThat(i).as("order of thread %d", thread)
          .isEqualTo(nextPerThread.getOrDefault(thread, 0));
      nextPerThread.put(thread, i + 1);
    }
  }

  protected byte[] readBytes(Path file) throws IOException {
    FileSystem fs = fileSystem();
    long length = fs.getFileStatus(file).getLen();
    byte[] bytes = new byte[(int) length];
    try (FSDataInputStream in = fs.open(file)) {
      in.readFully(bytes);
    }
    return bytes;
  }

  protected void writeBytes(Path file, byte[] bytes) throws IOException {
    try (FSDataOutputStream out = fileSystem().create(file, true)) {
      out.write(bytes);
    }
  }

  private void flipByte(Path file, long offset) throws IOException {
    byte[] bytes = readBytes(file);
    bytes[(int) offset] ^= (byte) 0x5A;
    writeBytes(file, bytes);
  }
}

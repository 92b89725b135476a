package io.tidemark.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidemark.streaming.scheduler.ManualClock;
import io.tidemark.streaming.source.DeferredDecodingCursor;
import io.tidemark.streaming.source.ReplayCursor;
import io.tidemark.streaming.source.ReplayInput;
import io.tidemark.streaming.source.UndecodedRecords;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** queueStream, replay, textFileStream and socketTextStream. */
class SourcesTest {

  @AfterEach
  void noContextLeftActive() {
    StreamingContext.getActive().ifPresent(StreamingContext::stop);
  }

  @Test
  void replayHandsEachBatchTheNextOffsetRangeAndDetectsTheEnd() {
    SequenceInput input = new SequenceInput(25);
    List<List<Long>> batches = new ArrayList<>();
    for (List<List<Long>> partitions : fourReplayBatchesOf25Records(input)) {
      batches.add(partitions.stream().flatMap(List::stream).toList());
    }
    assertThat(batches.get(0)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(batches.get(1)).startsWith(10L).endsWith(19L).hasSize(10);
    assertThat(batches.get(2)).containsExactly(20L, 21L, 22L, 23L, 24L);
    assertThat(batches.get(3)).isEmpty();
    assertThat(input.opens()).containsExactly(0L); // one cursor read all consecutive ranges
  }

  @Test
  void replayReadsADeferredDecodingCursorABatchAtATimeAndDecodesEachPartitionApart() {
    List<String> reads = new CopyOnWriteArrayList<>();
    ReplayInput<Long> input = new ReplayInput<>() {
      @Override
      public String description() {
        return "undecoded(25)";
      }

      @Override
      public ReplayCursor<Long> openAt(long offset) {
        return new DeferredDecodingCursor<Long>() {
          private long pos = Math.min(offset, 25);

          @Override
          public long position() {
            return pos;
          }

          @Override
          public Long next() {
            throw new AssertionError("the replay source reads this cursor undecoded");
          }

          @Override
          public UndecodedRecords<Long> nextUndecoded(int max) {
            long first = pos;
            int size = (int) Math.min(max, 25 - pos);
            pos += size;
            reads.add("read " + max + " at " + first + ": " + size);
            return new UndecodedRecords<>() {
              @Override
              public long firstOffset() {
                return first;
              }

              @Override
              public int size() {
                return size;
              }

              @Override
              public void decode(int from, int to, List<? super Long> out) {
                reads.add("decode " + (first + from) + ".." + (first + to));
                for (int i = from; i < to; i++) {
                  out.add(-(first + i)); // "decoding" negates, so a record read undecoded shows
                }
              }
            };
          }

          @Override
          public void close() {}
        };
      }
    };
    List<List<List<Long>>> batches = fourReplayBatchesOf25Records(input);
    assertThat(batches.get(0)).containsExactly(List.of(0L, -1L, -2L, -3L, -4L), List.of(-5L, -6L, -7L, -8L, -9L));
    assertThat(batches.get(2)).containsExactly(List.of(-20L, -21L), List.of(-22L, -23L, -24L));
    assertThat(batches.get(3)).containsExactly(List.of());
    assertThat(reads).containsExactlyInAnyOrder("read 10 at 0: 10", "decode 0..5", "decode 5..10",
        "read 10 at 10: 10", "decode 10..15", "decode 15..20", "read 10 at 20: 5", "decode 20..22", "decode 22..25");
  }

  @Test
  void aCursorThatFailedToOpenInTheBackgroundIsOpenedAgainByTheFirstRead() {
    SequenceInput sequence = new SequenceInput(25);
    AtomicInteger attempts = new AtomicInteger();
    ReplayInput<Long> failingOnce = new ReplayInput<>() {
      @Override
      public String description() {
        return sequence.description();
      }

      @Override
      public ReplayCursor<Long> openAt(long offset) throws IOException {
        if (attempts.getAndIncrement() == 0) {
          throw new IOException("the disk hiccuped");
        }
        return sequence.openAt(offset);
      }
    };
    List<List<List<Long>>> batches = fourReplayBatchesOf25Records(failingOnce);
    assertThat(batches.get(0).stream().flatMap(List::stream)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(attempts).hasValue(2);
    assertThat(sequence.openingThreads()).singleElement().asString().startsWith("tidemark-job");
  }

  /**
   * Runs four 1 s batches of a replay stream of {@code input} (25 records, 10 per batch, 2
   * partitions) and returns each batch's partitions; checks that the stream saw the end at 25.
   */
  private static List<List<List<Long>>> fourReplayBatchesOf25Records(ReplayInput<Long> input) {
    List<List<List<Long>>> batches = new CopyOnWriteArrayList<>();
    try (StreamingContext ssc = new StreamingContext(StreamingTestHarness.conf("memory"), Duration.ofSeconds(1))) {
      ReplayDStream<Long> stream = ssc.replayStream(input, 10);
      stream.foreachBatch(b -> batches.add(b.collectPartitions()));
      ssc.start();
      ManualClock clock = (ManualClock) ssc.clock();
      for (int i = 1; i <= 4; i++) {
        clock.advance(1000);
        int n = i;
        await().until(() -> batches.size() == n);
      }
      assertThat(stream.isExhausted()).isTrue();
      assertThat(stream.endOffset()).isEqualTo(25);
    }
    return batches;
  }

  @Test
  void queueStreamTakesAllQueuedListsWhenNotOneAtATime() {
    java.util.Queue<List<Integer>> q = new java.util.LinkedList<>(List.of(List.of(1), List.of(2, 3)));
    List<List<Integer>> out = new CopyOnWriteArrayList<>();
    try (StreamingContext ssc = new StreamingContext(StreamingTestHarness.conf("memory"), Duration.ofSeconds(1))) {
      ssc.queueStream(q, false, List.of(-1)).foreachBatch(b -> out.add(b.collect()));
      ssc.start();
      ManualClock clock = (ManualClock) ssc.clock();
      clock.advance(1000);
      await().until(() -> out.size() == 1);
      clock.advance(1000);
      await().until(() -> out.size() == 2);
    }
    assertThat(out).containsExactly(List.of(1, 2, 3), List.of(-1));
  }

  @Test
  void textFileStreamReadsOnlyNewVisibleFilesOnce(@TempDir Path dir) throws Exception {
    Path old = Files.writeString(dir.resolve("old.txt"), "old\n");
    Files.setLastModifiedTime(old, FileTime.fromMillis(0));
    List<List<String>> out = new CopyOnWriteArrayList<>();
    TidemarkConf conf = StreamingTestHarness.conf("memory");
    try (StreamingContext ssc = new StreamingContext(conf, Duration.ofSeconds(1))) {
      ManualClock clock = (ManualClock) ssc.clock();
      clock.setTime(100_000);
      ssc.textFileStream(dir).foreachBatch(b -> {
        List<String> lines = new ArrayList<>(b.collect());
        lines.sort(null);
        out.add(lines);
      });
      ssc.start();
      // A file moved in atomically, with a modification time inside the batch.
      Path staging = Files.createTempDirectory("staging");
      Path a = Files.writeString(staging.resolve("a.txt"), "a1\na2\n");
      Files.setLastModifiedTime(a, FileTime.fromMillis(100_500));
      Files.move(a, dir.resolve("a.txt"), StandardCopyOption.ATOMIC_MOVE);
      Path hidden = Files.writeString(dir.resolve(".hidden.txt"), "hidden\n");
      Files.setLastModifiedTime(hidden, FileTime.fromMillis(100_500));
      Path future = Files.writeString(dir.resolve("future.txt"), "future\n");
      Files.setLastModifiedTime(future, FileTime.fromMillis(101_500));
      clock.advance(1000); // batch 101000
      await().until(() -> out.size() == 1);
      clock.advance(1000); // batch 102000: future.txt is due now, a.txt was taken already
      await().until(() -> out.size() == 2);
    }
    assertThat(out.get(0)).containsExactly("a1", "a2");
    assertThat(out.get(1)).containsExactly("future");
  }

  @Test
  void socketTextStreamReceivesLinesThroughBlocks() throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    TidemarkConf conf = new TidemarkConf().set(TidemarkConf.PARTITIONS, "2")
        .set(TidemarkConf.STATE_BACKEND, "memory").set(TidemarkConf.BLOCK_INTERVAL, "50ms");
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        StreamingContext ssc = new StreamingContext(conf, Duration.ofMillis(200))) {
      ssc.socketTextStream("127.0.0.1", server.getLocalPort()).foreachBatch(b -> received.addAll(b.collect()));
      ssc.start();
      try (Socket client = server.accept();
          Writer w = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8)) {
        for (int i = 0; i < 100; i++) {
          w.write("line-" + i + "\n");
        }
        w.flush();
        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 100);
      }
    } catch (IOException e) {
      throw e;
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      expected.add("line-" + i);
    }
    assertThat(received).containsExactlyElementsOf(expected);
  }
}

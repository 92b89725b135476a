package io.tidemark.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.streaming.output.PrintOutput;
import io.tidemark.streaming.output.TextFileOutput;
import io.tidemark.streaming.scheduler.TaskPool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** saveAsTextFiles (atomic, idempotent per batch time) and print (Spark's format). */
class OutputsTest {

  @Test
  void saveAsTextFilesWritesOnePartFilePerPartitionUnderTheBatchTime(@TempDir Path dir) throws Exception {
    try (TaskPool pool = new TaskPool(2)) {
      Batch<String> batch = Batch.ofPartitions(pool, List.of(List.of("a", "b"), List.of("c")));
      TextFileOutput<String> out = new TextFileOutput<>(dir.resolve("out").toString(), "txt");
      out.accept(batch, new Time(5000));
      Path target = dir.resolve("out-5000.txt");
      assertThat(Files.readAllLines(target.resolve("part-00000"))).containsExactly("a", "b");
      assertThat(Files.readAllLines(target.resolve("part-00001"))).containsExactly("c");
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("out-5000.txt");
      }
    }
  }

  @Test
  void aRerunOfTheSameBatchTimeReplacesTheOutput(@TempDir Path dir) throws Exception {
    try (TaskPool pool = new TaskPool(2)) {
      TextFileOutput<String> out = new TextFileOutput<>(dir.resolve("out").toString(), null);
      out.accept(Batch.ofPartitions(pool, List.of(List.of("first"), List.of("stale"))), new Time(7000));
      out.accept(Batch.ofPartitions(pool, List.of(List.of("second"))), new Time(7000));
      Path target = dir.resolve("out-7000");
      try (Stream<Path> parts = Files.list(target)) {
        assertThat(parts).extracting(p -> p.getFileName().toString()).containsExactly("part-00000");
      }
      assertThat(Files.readAllLines(target.resolve("part-00000"))).containsExactly("second");
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files).hasSize(1); // no temporary or replaced directory left behind
      }
    }
  }

  @Test
  void aBatchRunAgainAfterARestartKeepsTheOutputAnEarlierRunCompleted(@TempDir Path dir) throws Exception {
    try (TaskPool pool = new TaskPool(2)) {
      TextFileOutput<String> out = new TextFileOutput<>(dir.resolve("out").toString(), null,
          time -> time.milliseconds() == 7000);
      out.accept(Batch.ofPartitions(pool, List.of(List.of("first"))), new Time(7000));
      out.accept(Batch.ofPartitions(pool, List.of(List.of("from a store already past 7000"))), new Time(7000));
      out.accept(Batch.ofPartitions(pool, List.of(List.of("a"))), new Time(8000));
      out.accept(Batch.ofPartitions(pool, List.of(List.of("b"))), new Time(8000));

      assertThat(Files.readAllLines(dir.resolve("out-7000/part-00000"))).containsExactly("first");
      assertThat(Files.readAllLines(dir.resolve("out-8000/part-00000"))).containsExactly("b");
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files).hasSize(2); // nothing temporary left behind
      }
    }
  }

  @Test
  void printShowsTheFirstElementsInSparksFormat() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TaskPool pool = new TaskPool(1); PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      new PrintOutput<Integer>(2, ps).accept(Batch.ofPartitions(pool, List.of(List.of(1, 2), List.of(3))), new Time(1000));
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
        "-------------------------------------------\n"
            + "Time: 1000 ms\n"
            + "-------------------------------------------\n"
            + "1\n2\n...\n\n");
  }
}

package io.tidemark.cli.flights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterWriterTest {

  @TempDir Path dir;

  private static final List<MalformedRecord> BAD = List.of(
      new MalformedRecord(3, "2001/01/01 00:47,six,1750,DTW,LAS", "delay: not an int: \"six\""),
      new MalformedRecord(9, "{\"date\":\"x\\\"y\",\n\"delay\":1}", "date: not a time"));

  @Test
  void writesOneJsonObjectPerLineAtomically() throws Exception {
    DeadLetterWriter w = new DeadLetterWriter(dir.resolve("dead"));
    Path file = w.write(1_000L, BAD).orElseThrow();
    assertThat(file).isEqualTo(dir.resolve("dead/dead-letter-1000.jsonl"));
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo(
        "{\"offset\":3,\"reason\":\"delay: not an int: \\\"six\\\"\",\"raw\":\"2001/01/01 00:47,six,1750,DTW,LAS\"}");
    assertThat(parse(lines.get(1))).containsExactly("offset", "9", "reason", "date: not a time",
        "raw", "{\"date\":\"x\\\"y\",\n\"delay\":1}");
    assertThat(listing(dir.resolve("dead"))).containsExactly("dead-letter-1000.jsonl");
  }

  @Test
  void rerunOfTheSameBatchRewritesTheSameFile() throws Exception {
    DeadLetterWriter w = new DeadLetterWriter(dir);
    Path file = w.write(2_000L, BAD).orElseThrow();
    byte[] first = Files.readAllBytes(file);
    Files.writeString(file, "torn garbage from an earlier attempt");
    assertThat(w.write(2_000L, BAD)).contains(file);
    assertThat(Files.readAllBytes(file)).isEqualTo(first);
    assertThat(listing(dir)).containsExactly("dead-letter-2000.jsonl");
  }

  @Test
  void noFileWithoutMalformedRecords() throws Exception {
    DeadLetterWriter w = new DeadLetterWriter(dir.resolve("never"));
    assertThat(w.write(3_000L, List.of())).isEmpty();
    assertThat(dir.resolve("never")).doesNotExist();
  }

  @Test
  void concurrentWritersLeaveCompleteFiles() throws Exception {
    DeadLetterWriter w = new DeadLetterWriter(dir);
    List<MalformedRecord> many = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      many.add(new MalformedRecord(i, "raw " + i, "reason " + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        long batch = t % 4;
        fs.add(pool.submit(() -> w.write(batch, many)));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(listing(dir)).containsExactlyInAnyOrder("dead-letter-0.jsonl",
        "dead-letter-1.jsonl", "dead-letter-2.jsonl", "dead-letter-3.jsonl");
    for (int b = 0; b < 4; b++) {
      assertThat(Files.readAllLines(w.fileFor(b))).hasSize(2_000);
    }
  }

  private static List<String> listing(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static List<String> parse(String line) throws Exception {
    List<String> out = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(line)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME || t.isScalarValue()) {
          out.add(p.getText());
        }
      }
    }
    return out;
  }
}

package io.tidemark.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Metadata checkpoints on the local disk: corruption, foreign and future files, retention, epochs. */
class MetadataCheckpointTest {

  @TempDir
  java.nio.file.Path tmp;

  CheckpointDirectory dir;
  java.nio.file.Path metadataDir;

  @BeforeEach
  void open() {
    dir = CheckpointDirectory.openForWriting(new Path(tmp.toUri()), new Configuration(),
        CheckpointOptions.defaults().withMetadataCheckpointsRetained(3));
    metadataDir = tmp.resolve("metadata");
  }

  @AfterEach
  void close() {
    dir.close();
  }

  java.nio.file.Path write(long batchTime) {
    Path file = dir.metadataWriter().write(CheckpointContractTest.metadata(dir.epoch(), batchTime));
    return metadataDir.resolve(file.getName());
  }

  /** Runs {@code action} with stderr (where slf4j-simple logs) captured; returns what it logged. */
  static <T> String capturingLog(Supplier<T> action, Function<T, Void> check) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    T result;
    try {
      result = action.get();
    } finally {
      System.setErr(original);
    }
    check.apply(result);
    String log = captured.toString(StandardCharsets.UTF_8);
    original.print(log);
    return log;
  }

  @ParameterizedTest
  @ValueSource(strings = {"flipped byte", "truncated", "emptied"})
  void aDamagedNewestCheckpointIsSkippedTheLogNamesItAndThePreviousIsUsed(String damage)
      throws IOException {
    write(1000);
    write(2000);
    java.nio.file.Path newest = write(3000);
    byte[] bytes = Files.readAllBytes(newest);
    switch (damage) {
      case "flipped byte" -> {
        bytes[40] ^= 0x10;
        Files.write(newest, bytes);
      }
      case "truncated" -> Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length - 7));
      default -> Files.write(newest, new byte[0]);
    }
    String log = capturingLog(() -> dir.metadataReader().readNewest(), result -> {
      assertThat(result.checkpoint()).contains(CheckpointContractTest.metadata(dir.epoch(), 2000));
      assertThat(result.file()).hasValueSatisfying(f -> assertThat(f.getName())
          .isEqualTo("checkpoint-2000-e" + dir.epoch()));
      assertThat(result.skipped()).singleElement()
          .satisfies(s -> assertThat(s.file()).endsWith(newest.getFileName().toString()));
      return null;
    });
    assertThat(log).contains("WARN").contains(newest.getFileName().toString());
  }

  @Test
  void theOnlyCheckpointBeingForeignIsAnErrorNamingTheFile() throws IOException {
    java.nio.file.Path only = write(1000);
    Files.writeString(only, "PK\u0003\u0004 this is a zip file, not a checkpoint");
    assertThatThrownBy(() -> dir.metadataReader().readNewest())
        .isInstanceOfSatisfying(UnsupportedCheckpointFileException.class,
            e -> assertThat(e.kind()).isEqualTo(UnsupportedCheckpointFileException.Kind.FOREIGN))
        .hasMessageContaining(only.getFileName().toString())
        .hasMessageContaining("not a Tidemark metadata checkpoint file");
  }

  @Test
  void aForeignNewestFileFallsBackToTheOlderValidOneAndLogsIt() throws IOException {
    write(1000);
    java.nio.file.Path newest = write(2000);
    Files.writeString(newest, "{\"json\": true}");
    String log = capturingLog(() -> dir.metadataReader().readNewest(), result -> {
      assertThat(result.checkpoint().orElseThrow().batchTimeMs()).isEqualTo(1000);
      return null;
    });
    assertThat(log).contains(newest.getFileName().toString()).contains("magic");
  }

  /** A frame that is intact (its CRC passes) but says format version 2. */
  static byte[] futureVersion(byte[] valid) {
    ByteBuffer header = ByteBuffer.wrap(valid);
    int length = header.getInt(8);
    byte[] payload = java.util.Arrays.copyOfRange(valid, 12, 12 + length);
    return Envelope.wrap(MetadataCheckpointFormat.MAGIC, 2, payload);
  }

  @Test
  void aFutureFormatVersionIsAnErrorNamingTheFileEvenWhenAnOlderValidOneExists()
      throws IOException {
    write(1000);
    java.nio.file.Path newest = write(2000);
    Files.write(newest, futureVersion(Files.readAllBytes(newest)));
    assertThatThrownBy(() -> dir.metadataReader().readNewest())
        .isInstanceOfSatisfying(UnsupportedCheckpointFileException.class, e ->
            assertThat(e.kind()).isEqualTo(UnsupportedCheckpointFileException.Kind.FUTURE_VERSION))
        .hasMessageContaining(newest.getFileName().toString())
        .hasMessageContaining("format version 2");
  }

  @Test
  void severalCandidatesNoneUsableIsAnErrorListingThem() throws IOException {
    java.nio.file.Path a = write(1000);
    java.nio.file.Path b = write(2000);
    Files.write(a, new byte[0]);
    Files.write(b, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> dir.metadataReader().readNewest())
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(a.getFileName().toString())
        .hasMessageContaining(b.getFileName().toString());
  }

  @Test
  void aLengthBeyondTheLimitIsRefusedBeforeAllocation() throws IOException {
    try (CheckpointDirectory small = CheckpointDirectory.openForReading(new Path(tmp.toUri()),
        new Configuration(), new CheckpointOptions(3, 2, java.time.Duration.ofSeconds(60),
            java.time.Duration.ofSeconds(10), 64, PublishMode.AUTO))) {
      write(1000);
      assertThatThrownBy(() -> small.metadataReader().readNewest())
          .hasMessageContaining("exceeds the limit of 64 bytes");
    }
  }

  @Test
  void anEmptyDirectoryHasNoCheckpoint() {
    assertThat(dir.metadataReader().readNewest().checkpoint()).isEmpty();
  }

  @Test
  void retentionKeepsTheNewestN() throws IOException {
    for (long t = 1000; t <= 6000; t += 1000) {
      write(t);
    }
    Files.writeString(metadataDir.resolve(".checkpoint-0-e1.1234abcd.tmp"), "crashed write");
    write(7000);
    long e = dir.epoch();
    try (var files = Files.list(metadataDir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("checkpoint-5000-e" + e, "checkpoint-6000-e" + e,
              "checkpoint-7000-e" + e);
    }
    assertThat(dir.metadataReader().listFileNames()).containsExactly(
        "checkpoint-7000-e" + e, "checkpoint-6000-e" + e, "checkpoint-5000-e" + e);
  }

  @Test
  void aZombieCheckpointOfAnOlderEpochWrittenAfterANewerEpochsIsIgnored() throws IOException {
    long e = dir.epoch();
    write(1000);
    // A newer epoch resumed at 2000; then the zombie (epoch e) publishes 2000 and 3000 late.
    MetadataCheckpoint newer = CheckpointContractTest.metadata(e + 1, 2000);
    Files.write(metadataDir.resolve("checkpoint-2000-e" + (e + 1)),
        MetadataCheckpointFormat.encode(newer));
    Files.write(metadataDir.resolve("checkpoint-2000-e" + e),
        MetadataCheckpointFormat.encode(CheckpointContractTest.metadata(e, 2000)));
    Files.write(metadataDir.resolve("checkpoint-3000-e" + e),
        MetadataCheckpointFormat.encode(CheckpointContractTest.metadata(e, 3000)));
    MetadataReadResult result = dir.metadataReader().readNewest();
    assertThat(result.checkpoint()).contains(newer);
    assertThat(result.skipped()).extracting(SkippedFile::file)
        .anySatisfy(f -> assertThat(f).endsWith("checkpoint-3000-e" + e))
        .anySatisfy(f -> assertThat(f).endsWith("checkpoint-2000-e" + e));
  }
}

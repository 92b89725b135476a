package io.tidemark.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which storage a checkpoint directory gets: local disk through {@code java.nio} (no Hadoop
 * {@code FileSystem} at all) for {@code file:} and for a plain path while {@code fs.defaultFS} is
 * local; Hadoop's file system otherwise (HDFS and S3 have their own tests).
 */
class CheckpointStorageSelectionTest {

  @Test
  void aFileUriAndAPlainPathUseLocalStorageWithTheSameQualifiedRoot(@TempDir java.nio.file.Path dir) {
    CheckpointStorage fromUri = CheckpointStorage.open(new Path(dir.toUri()), new Configuration(), PublishMode.AUTO);
    CheckpointStorage fromPath = CheckpointStorage.open(new Path(dir.toString()), new Configuration(), PublishMode.AUTO);

    assertThat(fromUri).isInstanceOf(LocalCheckpointStorage.class);
    assertThat(fromPath).isInstanceOf(LocalCheckpointStorage.class);
    assertThat(fromUri.root().toString()).isEqualTo("file:" + dir).isEqualTo(fromPath.root().toString());
    assertThat(fromUri.publishesByRename()).isTrue();
  }

  @Test
  void aPlainPathIsResolvedAgainstFsDefaultFs(@TempDir java.nio.file.Path dir) {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "tidemark-test://elsewhere/");
    conf.set("fs.tidemark-test.impl", org.apache.hadoop.fs.RawLocalFileSystem.class.getName());

    // Resolved through Hadoop; a scheme mapped to the local file system still gets local storage.
    CheckpointStorage storage = CheckpointStorage.open(new Path(dir.toString()), conf, PublishMode.AUTO);
    assertThat(storage).isInstanceOf(LocalCheckpointStorage.class);
    assertThat(storage.root().toString()).isEqualTo("file:" + dir);
  }

  @Test
  void withoutCoreSiteOnTheClassPathAPlainPathQualifiesToTheLocalFileSystemWithoutHadoopsConfiguration(
      @TempDir java.nio.file.Path dir) {
    assertThat(getClass().getClassLoader().getResource("core-site.xml")).as("core-site.xml in test resources").isNull();

    Path plain = CheckpointDirectory.qualifyWithDefaults(dir.resolve("ckpt").toString());
    Path relative = CheckpointDirectory.qualifyWithDefaults("ckpt/../ckpt2");
    assertThat(plain.toString()).isEqualTo("file:" + dir.resolve("ckpt"));
    assertThat(relative.toString())
        .isEqualTo("file:" + java.nio.file.Path.of("ckpt2").toAbsolutePath());
    assertThat(CheckpointDirectory.qualifyWithDefaults("hdfs://nn:8020/ckpt").toString()).isEqualTo("hdfs://nn:8020/ckpt");
    assertThat(CheckpointDirectory.qualifyWithDefaults("s3a://bucket/ckpt").toString()).isEqualTo("s3a://bucket/ckpt");

    // A file: URI never asks for the Hadoop configuration.
    CheckpointStorage storage = CheckpointStorage.open(plain, () -> {
      throw new AssertionError("the Hadoop configuration was asked for a file: URI");
    }, PublishMode.AUTO);
    assertThat(storage).isInstanceOf(LocalCheckpointStorage.class);
    assertThat(storage.root()).isEqualTo(plain);
  }

  @Test
  void localStorageKeepsThePublicationRules(@TempDir java.nio.file.Path dir) throws Exception {
    CheckpointStorage storage = CheckpointStorage.open(new Path(dir.toUri()), new Configuration(), PublishMode.AUTO);
    Path sub = new Path(storage.root(), "sub");

    storage.publish(new Path(sub, "one"), new byte[] {1, 2, 3});
    storage.publish(new Path(sub, "one"), new byte[] {4, 5}); // replaces
    assertThat(storage.createExclusively(new Path(sub, "two"), new byte[] {6})).isTrue();
    assertThat(storage.createExclusively(new Path(sub, "two"), new byte[] {7})).isFalse();

    assertThat(storage.readSmallFile(new Path(sub, "one"), 10)).containsExactly(4, 5);
    assertThat(storage.readSmallFile(new Path(sub, "two"), 10)).containsExactly(6);
    assertThatThrownBy(() -> storage.readSmallFile(new Path(sub, "one"), 1))
        .isInstanceOf(CorruptCheckpointFileException.class).hasMessageContaining("exceeds the limit of 1 bytes");
    assertThat(storage.listFiles(sub)).extracting(StoredFile::name, StoredFile::sizeBytes)
        .containsExactlyInAnyOrder(tuple("one", 2L), tuple("two", 1L)); // no temporary names left
    assertThat(storage.listFiles(new Path(storage.root(), "missing"))).isEmpty();
    assertThat(storage.delete(new Path(sub, "two"))).isTrue();
    assertThat(storage.delete(new Path(sub, "two"))).isFalse();
    assertThatThrownBy(() -> storage.readSmallFile(new Path(sub, "two"), 10))
        .isInstanceOf(FileNotFoundException.class);
    try (var files = Files.list(dir.resolve("sub"))) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("one");
    }
  }
}

package io.tidemark.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.state.StateBackend;
import io.tidemark.state.StateBackends;
import io.tidemark.state.StateStore;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guarantees of metadata and data checkpoints on one kind of storage; the subclasses run
 * them on the local disk, a MiniDFSCluster and an S3 server.
 */
abstract class CheckpointContractTest {

  @TempDir
  java.nio.file.Path local;

  /** A fresh checkpoint directory URI on the storage under test. */
  abstract Path checkpointRoot(String name);

  abstract Configuration conf();

  /** Keys of the data checkpoint round trip. */
  abstract long keys();

  /** The file system under test; on local disk the raw one, so tests leave no .crc files. */
  FileSystem fs(Path root) throws IOException {
    FileSystem fs = root.getFileSystem(conf());
    return fs instanceof org.apache.hadoop.fs.LocalFileSystem l ? l.getRawFileSystem() : fs;
  }

  static MetadataCheckpoint metadata(long epoch, long batchTime) {
    return new MetadataCheckpoint(epoch, batchTime, 1000,
        List.of(new OperatorSignature("origin-stats", "updateStateByKey", "java.lang.String",
            "io.tidemark.Stats")),
        batchTime - 1000, List.of(batchTime + 1000),
        new TreeMap<>(Map.of("input-0", OpaqueBytes.of(new byte[] {1, 2, 3}))),
        new TreeMap<>(Map.of("origin-stats", batchTime - 5000)),
        new TreeMap<>(Map.of("tidemark.partitions", "4")));
  }

  @Test
  void metadataCheckpointRoundTripsAndAFlippedByteInTheNewestFallsBackToThePrevious()
      throws IOException {
    Path root = checkpointRoot("metadata");
    try (CheckpointDirectory dir = CheckpointDirectory.openForWriting(root, conf(),
        CheckpointOptions.defaults())) {
      long epoch = dir.epoch();
      dir.metadataWriter().write(metadata(epoch, 1000));
      dir.metadataWriter().write(metadata(epoch, 2000));
      Path newest = dir.metadataWriter().write(metadata(epoch, 3000));

      MetadataReadResult read = dir.metadataReader().readNewest();
      assertThat(read.checkpoint()).contains(metadata(epoch, 3000));
      assertThat(read.skipped()).isEmpty();

      byte[] bytes = readAll(fs(root), newest);
      bytes[bytes.length / 2] ^= 0x01;
      overwrite(fs(root), newest, bytes);
      MetadataReadResult fallback = dir.metadataReader().readNewest();
      assertThat(fallback.checkpoint()).contains(metadata(epoch, 2000));
      assertThat(fallback.skipped()).singleElement().satisfies(s -> {
        assertThat(s.file()).endsWith(newest.getName());
        assertThat(s.reason()).contains("CRC32C mismatch");
      });
    }
  }

  @Test
  void dataCheckpointsAreIncrementalRestoreExactlyAndRetentionDeletesOnlyUnreferencedFiles()
      throws IOException {
    long n = keys();
    Path root = checkpointRoot("data");
    try (StateBackend backend = StateBackends.rocksDb(local.resolve("state"));
        CheckpointDirectory dir = CheckpointDirectory.openForWriting(root, conf(),
            CheckpointOptions.defaults().withDataCheckpointsRetained(2))) {
      StateStore store = backend.open("counts", 0, TestStates.ALL);
      TestStates.write(store, n, i -> true, 1_000, n);
      DataCheckpointWriter writer = dir.dataCheckpointWriter("counts");
      UploadResult first = writer.write(1_000,
          List.of(store.snapshot(local.resolve("snap-1000"))));

      TestStates.write(store, n, TestStates.every(100, 7), 2_000, n); // 1 % of the keys
      UploadResult second = writer.write(2_000,
          List.of(store.snapshot(local.resolve("snap-2000"))));
      System.out.printf("%s, %,d keys: checkpoint 1 uploaded %,d bytes in %d files (%s); "
          + "checkpoint 2 after changing 1 %% uploaded %,d bytes in %d files, reused %,d bytes (%s)%n",
          getClass().getSimpleName(), n, first.bytesUploaded(), first.filesUploaded(),
          first.duration(), second.bytesUploaded(), second.filesUploaded(), second.bytesReused(),
          second.duration());
      assertThat(first.filesReused()).isZero();
      assertThat(second.filesReused()).isPositive();
      if (n >= 1_000_000) {
        assertThat(second.bytesUploaded()).isLessThan(first.bytesUploaded() / 10);
      }

      DataCheckpointReader reader = dir.dataCheckpointReader("counts");
      assertThat(reader.newest()).contains(second.manifest());
      assertRestores(reader, reader.manifest(1_000), n, i -> 1_000);
      assertRestores(reader, reader.manifest(2_000), n, i -> i % 100 == 7 ? 2_000 : 1_000);

      // A leftover of a crashed upload, unreferenced by any manifest.
      Path leftover = new Path(reader.directory(), "shared/p0-e" + dir.epoch() + "-deadbeef-000999.sst");
      overwrite(fs(root), leftover, new byte[] {1, 2, 3});

      Set<String> referencedBy1 = remoteNames(first.manifest());
      Set<String> referencedBy2 = remoteNames(second.manifest());
      TestStates.write(store, n, TestStates.every(100, 13), 3_000, n);
      UploadResult third = writer.write(3_000,
          List.of(store.snapshot(local.resolve("snap-3000"))));
      Set<String> retained = new HashSet<>(referencedBy2);
      retained.addAll(remoteNames(third.manifest()));
      Set<String> expectedDeleted = new HashSet<>(referencedBy1);
      expectedDeleted.removeAll(retained);
      expectedDeleted.add("shared/" + leftover.getName());

      assertThat(third.retention().manifestsKept())
          .containsExactly(third.manifest().fileName(), second.manifest().fileName());
      assertThat(third.retention().manifestsDeleted())
          .containsExactly(first.manifest().fileName());
      assertThat(new HashSet<>(third.retention().filesDeleted())).isEqualTo(expectedDeleted);
      assertThat(storedDataFiles(fs(root), reader.directory())).isEqualTo(retained);
      assertThat(reader.listManifestNames())
          .containsExactly(third.manifest().fileName(), second.manifest().fileName());
      assertRestores(reader, reader.manifest(3_000), n,
          i -> i % 100 == 13 ? 3_000 : i % 100 == 7 ? 2_000 : 1_000);
    }
  }

  void assertRestores(DataCheckpointReader reader, DataCheckpointManifest manifest, long n,
      java.util.function.LongUnaryOperator versionOf) {
    assertThat(reader.missingOrShortFiles(manifest)).isEmpty();
    java.nio.file.Path target = local.resolve("restore-" + manifest.fileName());
    reader.download(manifest, 0, target);
    try (StateBackend fresh = StateBackends.rocksDb(local.resolve("fresh-" + manifest.version()));
        StateStore restored = fresh.restore("counts", 0, TestStates.ALL, target)) {
      assertThat(restored.committedVersion()).isEqualTo(manifest.version());
      TestStates.assertContents(restored, n, versionOf);
    }
  }

  static Set<String> remoteNames(DataCheckpointManifest manifest) {
    Set<String> names = new HashSet<>();
    manifest.partitions().forEach(p -> p.files().forEach(f -> names.add(f.remoteName())));
    return names;
  }

  static Set<String> storedDataFiles(FileSystem fs, Path operatorDir) throws IOException {
    Set<String> names = new HashSet<>();
    for (String sub : List.of("shared", "private")) {
      Path dir = new Path(operatorDir, sub);
      if (fs.exists(dir)) {
        for (FileStatus status : fs.listStatus(dir)) {
          if (status.isFile()) {
            names.add(sub + "/" + status.getPath().getName());
          }
        }
      }
    }
    return names;
  }

  static byte[] readAll(FileSystem fs, Path file) throws IOException {
    try (var in = fs.open(file)) {
      return in.readAllBytes();
    }
  }

  static void overwrite(FileSystem fs, Path file, byte[] bytes) throws IOException {
    try (FSDataOutputStream out = fs.create(file, true)) {
      out.write(bytes);
    }
  }
}

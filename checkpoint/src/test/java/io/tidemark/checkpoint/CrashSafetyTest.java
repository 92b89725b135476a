package io.tidemark.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidemark.state.StateBackend;
import io.tidemark.state.StateBackends;
import io.tidemark.state.StateIterator;
import io.tidemark.state.StateReadView;
import io.tidemark.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kill -9} of a child JVM at random instants while it uploads data checkpoints. */
@SuppressWarnings("try") // ChildJvm.close() may throw InterruptedException
class CrashSafetyTest {
  static final long KEYS = 100_000;
  static final int KILLS = 12;

  @TempDir
  java.nio.file.Path tmp;

  @Test
  void killDuringDataCheckpointsNeverLeavesAManifestPointingAtAMissingOrShortFile()
      throws Exception {
    long seed = Long.getLong("tidemark.test.seed", System.nanoTime());
    System.out.println("CrashSafetyTest seed=" + seed + " (rerun with -Dtidemark.test.seed=" + seed
        + ")");
    Random random = new Random(seed);
    Path root = new Path(tmp.resolve("checkpoint").toUri());
    java.nio.file.Path local = tmp.resolve("local");
    long lastEpoch = 0;
    int killedWithManifests = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      long delayMs = random.nextInt(2500);
      try (ChildJvm child = ChildJvm.start(tmp.resolve("child-" + kill), "256m",
          UploadLoopChild.class, root.toString(), local.toString(), Long.toString(KEYS))) {
        await().atMost(Duration.ofSeconds(60)).until(() -> child.output().contains("ready")
            || !child.process().isAlive());
        assertThat(child.process().isAlive()).as(child.output()).isTrue();
        long epoch = Long.parseLong(child.output().replaceAll("(?s).*ready epoch=(\\d+).*", "$1"));
        assertThat(epoch).isGreaterThan(lastEpoch);
        lastEpoch = epoch;
        if (kill == 0) {
          // At least one kill lands after a published checkpoint, however slow the machine.
          await().atMost(Duration.ofSeconds(120)).until(() -> child.output().contains("published=")
              || !child.process().isAlive());
        }
        await().pollDelay(Duration.ofMillis(delayMs)).atMost(Duration.ofMillis(delayMs + 5000))
            .until(() -> true);
        child.kill();
        int published = child.output().split("published=", -1).length - 1;
        System.out.printf("kill %d at %d ms after ready: %d checkpoints published by epoch %d%n",
            kill, delayMs, published, epoch);
      }
      if (checkEveryManifest(root)) {
        killedWithManifests++;
      }
      System.out.printf("  after kill %d: %d data files no manifest references (uploads the kill "
          + "interrupted, or retention it preempted)%n", kill, unreferencedFiles(root).size());
    }
    assertThat(killedWithManifests).isPositive();

    // A clean run afterwards removes every leftover of the crashed uploads.
    try (ChildJvm child = ChildJvm.start(tmp.resolve("child-final"), "256m",
        UploadLoopChild.class, root.toString(), local.toString(), Long.toString(KEYS), "2")) {
      assertThat(child.waitFor(Duration.ofSeconds(120))).as(child.output()).isZero();
    }
    try (CheckpointDirectory dir = CheckpointDirectory.openForReading(root, new Configuration(),
        CheckpointOptions.defaults())) {
      DataCheckpointReader reader = dir.dataCheckpointReader(UploadLoopChild.OPERATOR);
      Set<String> referenced = new HashSet<>();
      for (DataCheckpointManifest m : reader.validManifests()) {
        referenced.addAll(CheckpointContractTest.remoteNames(m));
      }
      assertThat(reader.listManifestNames()).hasSize(2);
      assertThat(CheckpointContractTest.storedDataFiles(
          root.getFileSystem(new Configuration()), reader.directory())).isEqualTo(referenced);
    }
  }

  static Set<String> unreferencedFiles(Path root) throws Exception {
    try (CheckpointDirectory dir = CheckpointDirectory.openForReading(root, new Configuration(),
        CheckpointOptions.defaults())) {
      DataCheckpointReader reader = dir.dataCheckpointReader(UploadLoopChild.OPERATOR);
      Set<String> stored = CheckpointContractTest.storedDataFiles(
          root.getFileSystem(new Configuration()), reader.directory());
      for (DataCheckpointManifest m : reader.validManifests()) {
        stored.removeAll(CheckpointContractTest.remoteNames(m));
      }
      return stored;
    }
  }

  /** Checks every manifest; restores the newest. Returns whether there was one. */
  boolean checkEveryManifest(Path root) throws Exception {
    try (CheckpointDirectory dir = CheckpointDirectory.openForReading(root, new Configuration(),
        CheckpointOptions.defaults())) {
      DataCheckpointReader reader = dir.dataCheckpointReader(UploadLoopChild.OPERATOR);
      List<String> names = reader.listManifestNames();
      List<DataCheckpointManifest> valid = reader.validManifests();
      assertThat(valid).extracting(DataCheckpointManifest::fileName).isEqualTo(names);
      for (DataCheckpointManifest manifest : valid) {
        assertThat(reader.missingOrShortFiles(manifest)).as(manifest.fileName()).isEmpty();
        for (PartitionState p : manifest.partitions()) {
          java.nio.file.Path target = tmp.resolve("verify").resolve(manifest.fileName() + "-"
              + p.partition() + "-" + System.nanoTime());
          reader.download(manifest, p.partition(), target); // checks sizes and CRC32C
          UploadLoopChild.deleteRecursively(target);
        }
      }
      if (valid.isEmpty()) {
        return false;
      }
      DataCheckpointManifest newest = valid.get(0);
      java.nio.file.Path restoreBase = tmp.resolve("restore-" + System.nanoTime());
      try (StateBackend fresh = StateBackends.rocksDb(restoreBase.resolve("state"))) {
        long keys = 0;
        for (PartitionState p : newest.partitions()) {
          java.nio.file.Path files = reader.download(newest, p.partition(),
              restoreBase.resolve("p" + p.partition()));
          try (StateStore store = fresh.restore(UploadLoopChild.OPERATOR, p.partition(),
              UploadLoopChild.PARTITIONS[p.partition()], files)) {
            assertThat(store.committedVersion()).isEqualTo(newest.version());
            assertThat(store.numKeys()).isEqualTo(p.numKeys());
            keys += countAndCheck(store, newest.version());
          }
        }
        assertThat(keys).isEqualTo(KEYS);
      }
      UploadLoopChild.deleteRecursively(restoreBase);
      return true;
    }
  }

  /** Every value names its own key and a version no newer than the store's. */
  static long countAndCheck(StateStore store, long version) {
    long count = 0;
    try (StateReadView view = store.readView(); StateIterator it = view.iterator()) {
      while (it.next()) {
        String key = new String(it.key(), StandardCharsets.UTF_8);
        String value = new String(it.value(), StandardCharsets.UTF_8);
        long i = Long.parseLong(key.substring(4));
        long written = Long.parseLong(value.substring(1, value.indexOf('-')));
        assertThat(value).endsWith("-" + i);
        assertThat(written).isLessThanOrEqualTo(version);
        // The loop rewrites key i in every round whose fifth matches: the newest such round.
        long expected = version;
        while (expected > 1000 && (expected / 1000) % 5 != i % 5) {
          expected -= 1000;
        }
        assertThat(written).as(key).isEqualTo(expected);
        count++;
      }
    }
    return count;
  }
}

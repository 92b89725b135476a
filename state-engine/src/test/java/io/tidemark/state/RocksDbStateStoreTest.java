package io.tidemark.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tidemark.state.RocksDbStateOptions.CompactionStyle;
import io.tidemark.state.RocksDbStateOptions.Compression;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.LiveFileMetaData;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

class RocksDbStateStoreTest extends StateStoreContractTest {

  @Override
  StateBackend newBackend(Path directory) {
    // A small cache and memtable: the contract does not need more, and tests run side by side.
    return StateBackends.rocksDb(directory, RocksDbStateOptions.builder()
        .blockCacheSizeBytes(8L << 20)
        .writeBufferSizeBytes(4L << 20)
        .build());
  }

  @Test
  void storeLivesInBaseOperatorUidPartitionDirectory() {
    try (StateStore other = backend.open("origin-stats", 3, RANGE)) {
      assertThat(tempDir.resolve("origin-stats").resolve("partition-3").resolve("CURRENT"))
          .isRegularFile();
    }
    assertThat(tempDir.resolve("op-1").resolve("partition-0")).isDirectory();
    assertThat(backend.name()).isEqualTo("rocksdb");
  }

  @Test
  void reopeningAfterABackendRestartKeepsVersionCountAndData() {
    commit(store, 1000, 2, "a", "1", "b", "2");
    commit(store, 2000, 2, "a", null, "c", "3");
    backend.close();

    backend = newBackend(tempDir);
    try (StateStore reopened = backend.open("op-1", 0, RANGE)) {
      assertThat(reopened.committedVersion()).isEqualTo(2000);
      assertThat(reopened.numKeys()).isEqualTo(2);
      assertThat(reopened.get(3, b("a"))).isNull();
      assertThat(s(reopened.get(3, b("b")))).isEqualTo("2");
      assertThat(s(reopened.get(3, b("c")))).isEqualTo("3");
      assertThatThrownBy(() -> commit(reopened, 2000, 2))
          .as("the reopened version still guards monotonicity")
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void killAfterCommitReturnedLosesNothing() throws Exception {
    Path dir = tempDir.resolve("killed-base");
    try (ChildJvm child = ChildJvm.start(tempDir, "128m", CommitThenWaitChild.class,
        dir.toString())) {
      await().atMost(Duration.ofSeconds(60))
          .until(() -> child.output().contains("committed=3") || !child.process().isAlive());
      assertThat(child.output()).contains("committed=3");
      child.kill();
      assertThat(child.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }
    // RocksJava's own loader would have left its 15 MB copy of the library in java.io.tmpdir.
    try (Stream<Path> leftovers = Files.list(tempDir.resolve("child-tmp"))) {
      assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("rocksdbjni"));
    }
    try (Stream<Path> cached = Files.walk(tempDir.resolve("native-cache"))) {
      assertThat(cached.map(p -> p.getFileName().toString()))
          .contains(org.rocksdb.util.Environment.getJniLibraryFileName("rocksdbjni")); // as RocksJava loads it
    }
    try (StateBackend after = StateBackends.rocksDb(dir);
        StateStore recovered = after.open("killed", 0, new KeyGroupRange(0, 7))) {
      assertThat(recovered.committedVersion()).isEqualTo(3);
      assertThat(recovered.numKeys()).isEqualTo(3);
      for (int version = 1; version <= 3; version++) {
        assertThat(s(recovered.get(version, b("k" + version)))).isEqualTo("v" + version);
      }
      assertThat(recovered.get(4, b("k4"))).as("never committed").isNull();
    }
  }

  @Test
  void syncedCommitsWorkAndSurviveReopen() {
    Path dir = tempDir.resolve("synced");
    try (StateBackend synced = StateBackends.rocksDb(dir,
        RocksDbStateOptions.defaults().withSync(true).withBlockCacheSizeBytes(1L << 20));
        StateStore s = synced.open("op", 0, RANGE)) {
      commit(s, 1, 1, "a", "1");
    }
    try (StateBackend again = StateBackends.rocksDb(dir);
        StateStore s = again.open("op", 0, RANGE)) {
      assertThat(s.committedVersion()).isEqualTo(1);
      assertThat(s(s.get(3, b("a")))).isEqualTo("1");
    }
  }

  @Test
  void memoryMappedReadsReadBackWhatAnEarlierOpenWroteToFiles() {
    Path dir = tempDir.resolve("mmap");
    RocksDbStateOptions mapped = RocksDbStateOptions.builder().compression(Compression.NONE)
        .mmapReads(true).blockCacheSizeBytes(1L << 20).build();
    try (StateBackend b = StateBackends.rocksDb(dir, mapped); StateStore s = b.open("op", 0, RANGE)) {
      for (int version = 1; version <= 3; version++) {
        commit(s, version, version, "k" + version, "v" + version);
      }
    }
    // reopened, the data is read from the SST files RocksDB wrote at recovery, through the maps
    try (StateBackend b = StateBackends.rocksDb(dir, mapped); StateStore s = b.open("op", 0, RANGE)) {
      assertThat(s.committedVersion()).isEqualTo(3);
      assertThat(s(s.get(3, b("k2")))).isEqualTo("v2");
      assertThat(s.multiGet(new int[] {3, 3, 3}, List.of(b("k1"), b("k3"), b("absent"))))
          .extracting(v -> v == null ? null : s(v)).containsExactly("v1", "v3", null);
    }
  }

  @ParameterizedTest
  @EnumSource(CompactionStyle.class)
  void aStoreWrittenWithOneCompactionStyleOpensAndCompactsWithTheOther(CompactionStyle first)
      throws Exception {
    CompactionStyle other = first == CompactionStyle.LEVEL ? CompactionStyle.UNIVERSAL : CompactionStyle.LEVEL;
    Path dir = tempDir.resolve("style-" + first);
    Path storeDir = dir.resolve("op").resolve("partition-0");
    // 64 KiB memtables: each run below flushes several files, and enough of them to compact
    long version = 0;
    Set<String> written = Set.of();
    for (CompactionStyle style : List.of(first, other, first)) {
      RocksDbStateOptions options = RocksDbStateOptions.builder().compactionStyle(style)
          .writeBufferSizeBytes(64L << 10).blockCacheSizeBytes(1L << 20).build();
      try (StateBackend b = StateBackends.rocksDb(dir, options); StateStore s = b.open("op", 0, RANGE)) {
        if (version > 0) {
          assertThat(s.committedVersion()).as("reopened with %s", style).isEqualTo(version);
          assertEveryKeyHolds(s, version);
        }
        for (int i = 0; i < 20; i++) {
          version++;
          StateWriteBatch batch = s.newWriteBatch();
          for (int k = 0; k < 1_000; k++) {
            batch.put(3, b("key-" + k), b("value-" + k + "-at-" + version + "-".repeat(20)));
          }
          s.commit(batch, version, 1_000);
        }
        if (!written.isEmpty()) {
          // Only a compaction takes an SST file out of the data: one under this style merged the
          // files written before the reopen. (A read-only open races with the store deleting
          // merged files: retried.)
          Set<String> before = written;
          await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(RocksDBException.class)
              .untilAsserted(() -> assertThat(dataFiles(storeDir))
                  .as("data SST files, %s compaction after the reopen; before it: %s", style, before)
                  .matches(now -> !now.containsAll(before)));
        }
        assertEveryKeyHolds(s, version);
      }
      written = dataFiles(storeDir);
    }
    assertThat(written).as("the data lives in SST files, not only in the log").isNotEmpty();
  }

  /**
   * The live SST files of the store's data column family (RocksDB's default one; the store's
   * metadata family compacts on its own), from a read-only open of its manifest.
   */
  private static Set<String> dataFiles(Path storeDir) throws RocksDBException {
    List<ColumnFamilyDescriptor> families = new ArrayList<>();
    try (Options listing = new Options()) {
      for (byte[] name : RocksDB.listColumnFamilies(listing, storeDir.toString())) {
        families.add(new ColumnFamilyDescriptor(name));
      }
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions();
        RocksDB db = RocksDB.openReadOnly(options, storeDir.toString(), families, handles)) {
      try {
        return db.getLiveFilesMetaData().stream()
            .filter(f -> Arrays.equals(f.columnFamilyName(), RocksDB.DEFAULT_COLUMN_FAMILY))
            .map(LiveFileMetaData::fileName)
            .collect(Collectors.toSet());
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
  }

  private static void assertEveryKeyHolds(StateStore s, long version) {
    assertThat(s.numKeys()).isEqualTo(1_000);
    for (int k = 0; k < 1_000; k++) {
      assertThat(s(s.get(3, b("key-" + k)))).isEqualTo("value-" + k + "-at-" + version + "-".repeat(20));
    }
  }

  @ParameterizedTest
  @EnumSource(RocksDbStateOptions.BlockCache.class)
  void everyBlockCacheServesReadsOfWhatAnEarlierOpenWroteToFiles(RocksDbStateOptions.BlockCache cache) {
    Path dir = tempDir.resolve("cache-" + cache);
    RocksDbStateOptions options = RocksDbStateOptions.builder().blockCache(cache)
        .blockCacheSizeBytes(1L << 20).build();
    try (StateBackend b = StateBackends.rocksDb(dir, options); StateStore s = b.open("op", 0, RANGE)) {
      for (int version = 1; version <= 3; version++) {
        commit(s, version, version, "k" + version, "v" + version);
      }
    }
    try (StateBackend b = StateBackends.rocksDb(dir, options); StateStore s = b.open("op", 0, RANGE)) {
      for (int round = 0; round < 2; round++) { // the first read fills the cache, the second may hit it
        assertThat(s.multiGet(new int[] {3, 3, 3, 3}, List.of(b("k1"), b("k2"), b("k3"), b("absent"))))
            .extracting(v -> v == null ? null : s(v)).containsExactly("v1", "v2", "v3", null);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void everyCompressionIsAvailableInTheNativeLibrary(Compression compression) {
    Path dir = tempDir.resolve("c-" + compression);
    try (StateBackend b = StateBackends.rocksDb(dir,
        RocksDbStateOptions.builder().compression(compression).bloomFilterBitsPerKey(0)
            .blockCacheSizeBytes(1L << 20).build());
        StateStore s = b.open("op", 0, RANGE)) {
      commit(s, 1, 1, "a", "1");
      assertThat(s(s.get(3, b("a")))).isEqualTo("1");
    }
  }

  @Test
  void aFailedOpenNamesTheStoreAndLeavesTheBackendUsable() throws Exception {
    Path corrupt = Files.createDirectories(tempDir.resolve("broken").resolve("partition-0"));
    Files.writeString(corrupt.resolve("CURRENT"), "no-such-manifest\n", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> backend.open("broken", 0, RANGE))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining("operator 'broken'")
        .hasMessageContaining("partition 0")
        .hasMessageContaining("open")
        .hasCauseInstanceOf(org.rocksdb.RocksDBException.class);

    // Nothing of the failed open stays registered: the same store can be tried again, and
    // other stores keep working.
    assertThatThrownBy(() -> backend.open("broken", 0, RANGE))
        .isInstanceOf(StateStoreException.class);
    commit(store, 1, 1, "a", "1");
    assertThat(s(store.get(3, b("a")))).isEqualTo("1");
  }

  @Test
  void aFileWhereTheStoreDirectoryBelongsIsAClearError() throws Exception {
    Files.createDirectories(tempDir.resolve("blocked"));
    Files.writeString(tempDir.resolve("blocked").resolve("partition-0"), "x");
    assertThatThrownBy(() -> backend.open("blocked", 0, RANGE))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining("cannot create directory");
  }

  @Test
  void storesOfOneBackendShareItsBlockCache() {
    try (StateStore second = backend.open("op-2", 0, RANGE)) {
      commit(second, 1, 1, "x", "y");
      commit(store, 1, 1, "a", "1");
      assertThat(s(second.get(3, b("x")))).isEqualTo("y");
      assertThat(s(store.get(3, b("a")))).isEqualTo("1");
    }
  }
}

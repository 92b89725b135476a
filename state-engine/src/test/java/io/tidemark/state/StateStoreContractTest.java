package io.tidemark.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link StateStore} and {@link StateBackend} must show; each backend's
 * test extends this class and says how to make a backend.
 */
abstract class StateStoreContractTest {
  /** Key groups of the store under test; 1 and 10 lie outside. */
  static final KeyGroupRange RANGE = new KeyGroupRange(2, 9);

  @TempDir
  Path tempDir;

  StateBackend backend;
  StateStore store;

  /** A new backend keeping its files (if any) under {@code directory}. */
  abstract StateBackend newBackend(Path directory);

  @BeforeEach
  void openStore() {
    backend = newBackend(tempDir);
    store = backend.open("op-1", 0, RANGE);
  }

  @AfterEach
  void closeBackend() {
    backend.close();
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String s(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  static void commit(StateStore store, long version, long numKeysAfter, String... keyValues) {
    StateWriteBatch batch = store.newWriteBatch();
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] == null) {
        batch.delete(3, b(keyValues[i]));
      } else {
        batch.put(3, b(keyValues[i]), b(keyValues[i + 1]));
      }
    }
    store.commit(batch, version, numKeysAfter);
  }

  /** All entries of a view as "keyGroup:key=value", in iteration order. */
  static List<String> entries(StateReadView view) {
    List<String> out = new ArrayList<>();
    try (StateIterator it = view.iterator()) {
      while (it.next()) {
        out.add(it.keyGroup() + ":" + s(it.key()) + "=" + s(it.value()));
      }
    }
    return out;
  }

  @Test
  void newStoreHasNoVersionAndNoKeys() {
    assertThat(store.committedVersion()).isEqualTo(StateStore.NO_VERSION);
    assertThat(store.numKeys()).isZero();
    assertThat(store.get(3, b("a"))).isNull();
    assertThat(store.operatorUid()).isEqualTo("op-1");
    assertThat(store.partition()).isZero();
    assertThat(store.keyGroups()).isEqualTo(RANGE);
  }

  @Test
  void putGetAndDeleteRoundTrip() {
    commit(store, 1000, 2, "a", "1", "b", "2");
    assertThat(s(store.get(3, b("a")))).isEqualTo("1");
    assertThat(s(store.get(3, b("b")))).isEqualTo("2");
    assertThat(store.get(4, b("a"))).as("same key, other key group").isNull();

    commit(store, 2000, 1, "a", null, "b", "22");
    assertThat(store.get(3, b("a"))).isNull();
    assertThat(s(store.get(3, b("b")))).isEqualTo("22");
    assertThat(store.numKeys()).isEqualTo(1);
  }

  @Test
  void emptyKeysAndValuesAreEntriesLikeAnyOther() {
    StateWriteBatch batch = store.newWriteBatch();
    batch.put(2, new byte[0], new byte[0]);
    store.commit(batch, 1, 1);
    assertThat(store.get(2, new byte[0])).isEmpty();
  }

  @Test
  void writeBatchCopiesItsArguments() {
    byte[] key = b("k");
    byte[] value = b("v");
    StateWriteBatch batch = store.newWriteBatch();
    batch.put(3, key, value);
    key[0] = 'x';
    value[0] = 'x';
    store.commit(batch, 1, 1);
    assertThat(s(store.get(3, b("k")))).isEqualTo("v");
    store.get(3, b("k"))[0] = 'y';
    assertThat(s(store.get(3, b("k")))).as("returned arrays belong to the caller").isEqualTo("v");
  }

  @Test
  void multiGetReturnsOneValuePerKeyInOrderWithNullForAbsent() {
    commit(store, 1, 2, "a", "1", "c", "3");
    List<byte[]> values = store.multiGet(new int[] {3, 3, 3, 4},
        List.of(b("c"), b("b"), b("a"), b("a")));
    assertThat(values).extracting(StateStoreContractTest::s).containsExactly("3", null, "1", null);
    assertThat(store.multiGet(new int[0], List.of())).isEmpty();
    assertThatThrownBy(() -> store.multiGet(new int[] {3}, List.of(b("a"), b("b"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void updatesAreInvisibleUntilCommit() {
    StateWriteBatch batch = store.newWriteBatch();
    batch.put(3, b("a"), b("1"));
    batch.delete(3, b("zzz"));
    assertThat(batch.size()).isEqualTo(2);
    assertThat(store.get(3, b("a"))).isNull();
    store.commit(batch, 5, 1);
    assertThat(s(store.get(3, b("a")))).isEqualTo("1");
  }

  @Test
  void commitSetsVersionAndKeyCountTogetherWithTheData() {
    commit(store, 1000, 3, "a", "1", "b", "2", "c", "3");
    assertThat(store.committedVersion()).isEqualTo(1000);
    assertThat(store.numKeys()).isEqualTo(3);
    commit(store, 2000, 3);
    assertThat(store.committedVersion()).as("an empty batch still moves the version").isEqualTo(2000);
  }

  @Test
  void commitWithVersionNotAboveCommittedIsRejectedAndChangesNothing() {
    commit(store, 1000, 1, "a", "1");
    StateWriteBatch same = store.newWriteBatch();
    same.put(3, b("a"), b("changed"));
    assertThatThrownBy(() -> store.commit(same, 1000, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1000");
    StateWriteBatch older = store.newWriteBatch();
    older.put(3, b("x"), b("x"));
    assertThatThrownBy(() -> store.commit(older, 999, 2))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(store.committedVersion()).isEqualTo(1000);
    assertThat(store.numKeys()).isEqualTo(1);
    assertThat(s(store.get(3, b("a")))).isEqualTo("1");
    assertThat(store.get(3, b("x"))).isNull();
    assertThatThrownBy(() -> same.put(3, b("a"), b("1")))
        .as("commit closes its batch even when it rejects it")
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void versionsIncreaseMonotonicallyAcrossManyCommits() {
    for (long version = 1; version <= 50; version++) {
      commit(store, version * 1000, version, "k" + version, "v" + version);
      assertThat(store.committedVersion()).isEqualTo(version * 1000);
    }
    assertThat(store.numKeys()).isEqualTo(50);
  }

  @Test
  void writeBatchIsSingleUse() {
    StateWriteBatch batch = store.newWriteBatch();
    batch.put(3, b("a"), b("1"));
    store.commit(batch, 1, 1);
    assertThatThrownBy(() -> batch.put(3, b("b"), b("2"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.commit(batch, 2, 2)).isInstanceOf(IllegalStateException.class);
    batch.close();
    assertThat(store.committedVersion()).isEqualTo(1);
  }

  @Test
  void batchOfAnotherStoreIsRejected() {
    StateStore other = backend.open("op-1", 1, RANGE);
    StateWriteBatch foreign = other.newWriteBatch();
    foreign.put(3, b("a"), b("1"));
    assertThatThrownBy(() -> store.commit(foreign, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("newWriteBatch");
    assertThat(store.committedVersion()).isEqualTo(StateStore.NO_VERSION);
  }

  @Test
  void iterationIsByKeyGroupThenUnsignedKeyBytes() {
    StateWriteBatch batch = store.newWriteBatch();
    batch.put(9, b("a"), b("9a"));
    batch.put(2, new byte[] {(byte) 0xff}, b("2ff"));
    batch.put(2, new byte[] {(byte) 0x80}, b("280"));
    batch.put(2, new byte[] {0x7f}, b("27f"));
    batch.put(2, new byte[] {0x7f, 0x00}, b("27f00"));
    batch.put(2, new byte[0], b("2empty"));
    batch.put(5, b("b"), b("5b"));
    batch.put(5, b("a"), b("5a"));
    store.commit(batch, 1, 8);

    List<String> order = new ArrayList<>();
    try (StateReadView view = store.readView(); StateIterator it = view.iterator()) {
      while (it.next()) {
        order.add(it.keyGroup() + ":" + Arrays.toString(it.key()) + "=" + s(it.value()));
      }
      assertThat(it.next()).as("stays at the end").isFalse();
    }
    assertThat(order).containsExactly(
        "2:[]=2empty", "2:[127]=27f", "2:[127, 0]=27f00", "2:[-128]=280", "2:[-1]=2ff",
        "5:[97]=5a", "5:[98]=5b", "9:[97]=9a");
  }

  @Test
  void iteratorRequiresNextBeforeReadingAndNothingAfterTheEnd() {
    commit(store, 1, 1, "a", "1");
    try (StateReadView view = store.readView(); StateIterator it = view.iterator()) {
      assertThatThrownBy(it::key).isInstanceOf(IllegalStateException.class);
      assertThat(it.next()).isTrue();
      assertThat(it.next()).isFalse();
      assertThatThrownBy(it::value).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(it::keyGroup).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void readViewIsUnaffectedByLaterCommits() {
    commit(store, 1000, 2, "a", "1", "b", "2");
    try (StateReadView view = store.readView()) {
      commit(store, 2000, 2, "a", null, "b", "changed", "c", "3");
      commit(store, 3000, 3, "d", "4");

      assertThat(view.version()).isEqualTo(1000);
      assertThat(view.numKeys()).isEqualTo(2);
      assertThat(s(view.get(3, b("a")))).isEqualTo("1");
      assertThat(s(view.get(3, b("b")))).isEqualTo("2");
      assertThat(view.get(3, b("c"))).isNull();
      assertThat(entries(view)).containsExactly("3:a=1", "3:b=2");
    }
    try (StateReadView latest = store.readView()) {
      assertThat(latest.version()).isEqualTo(3000);
      assertThat(latest.numKeys()).isEqualTo(3);
      assertThat(entries(latest)).containsExactly("3:b=changed", "3:c=3", "3:d=4");
    }
  }

  @Test
  void readViewOfANewStoreIsEmpty() {
    try (StateReadView view = store.readView()) {
      assertThat(view.version()).isEqualTo(StateStore.NO_VERSION);
      assertThat(view.numKeys()).isZero();
      assertThat(entries(view)).isEmpty();
    }
  }

  @Test
  void readViewMayBeReadFromSeveralThreadsWhileTheStoreCommits() throws Exception {
    int keys = 500;
    StateWriteBatch batch = store.newWriteBatch();
    for (int i = 0; i < keys; i++) {
      batch.put(2 + i % 8, b("k" + i), b("v" + i));
    }
    store.commit(batch, 1, keys);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try (StateReadView view = store.readView()) {
      List<Future<Integer>> readers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        readers.add(pool.submit(() -> {
          int seen = 0;
          for (int i = 0; i < keys; i++) {
            assertThat(s(view.get(2 + i % 8, b("k" + i)))).isEqualTo("v" + i);
          }
          try (StateIterator it = view.iterator()) {
            while (it.next()) {
              seen++;
            }
          }
          return seen;
        }));
      }
      for (long version = 2; version <= 20; version++) {
        StateWriteBatch rewrite = store.newWriteBatch();
        rewrite.put(2, b("k0"), b("new" + version));
        store.commit(rewrite, version, keys);
      }
      for (Future<Integer> reader : readers) {
        assertThat(reader.get(60, TimeUnit.SECONDS)).isEqualTo(keys);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void keysOutsideTheKeyGroupRangeAreRejected() {
    StateWriteBatch batch = store.newWriteBatch();
    assertThatThrownBy(() -> batch.put(1, b("a"), b("1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key group 1")
        .hasMessageContaining("[2, 9]")
        .hasMessageContaining("op-1");
    assertThatThrownBy(() -> batch.delete(10, b("a"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.get(10, b("a"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.multiGet(new int[] {3, 1}, List.of(b("a"), b("b"))))
        .isInstanceOf(IllegalArgumentException.class);
    try (StateReadView view = store.readView()) {
      assertThatThrownBy(() -> view.get(-1, b("a"))).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(batch.size()).isZero();
  }

  @Test
  void nullKeysAndValuesAreRejected() {
    StateWriteBatch batch = store.newWriteBatch();
    assertThatThrownBy(() -> batch.put(3, null, b("1"))).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> batch.put(3, b("a"), null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.get(3, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void closeIsIdempotentAndLaterCallsThrowIllegalState() {
    StateWriteBatch batch = store.newWriteBatch();
    store.close();
    store.close();

    assertThatThrownBy(store::committedVersion).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(store::numKeys).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.get(3, b("a")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("op-1")
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> store.multiGet(new int[] {3}, List.of(b("a"))))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(store::newWriteBatch).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(store::readView).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> batch.put(3, b("a"), b("1"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.commit(batch, 1, 0)).isInstanceOf(IllegalStateException.class);
    batch.close();
    assertThat(store.operatorUid()).as("identity stays readable").isEqualTo("op-1");
  }

  @Test
  void closingTheStoreFirstClosesItsViewsAndIterators() {
    commit(store, 1, 2, "a", "1", "b", "2");
    StateReadView view = store.readView();
    StateIterator it = view.iterator();
    assertThat(it.next()).isTrue();

    store.close();

    assertThatThrownBy(it::next).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(it::value).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> view.get(3, b("a")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("store is closed");
    assertThatThrownBy(view::version).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(view::iterator).isInstanceOf(IllegalStateException.class);
    it.close();
    view.close();
    view.close();
  }

  @Test
  void closingAViewClosesItsIteratorsAndIsIdempotent() {
    commit(store, 1, 1, "a", "1");
    StateReadView view = store.readView();
    StateIterator it = view.iterator();
    view.close();
    view.close();
    assertThatThrownBy(it::next).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> view.get(3, b("a"))).isInstanceOf(IllegalStateException.class);
    it.close();
    assertThat(s(store.get(3, b("a")))).as("the store stays open").isEqualTo("1");
  }

  @Test
  void reopeningInTheSameBackendFindsTheCommittedState() {
    commit(store, 7000, 2, "a", "1", "b", "2");
    StateWriteBatch uncommitted = store.newWriteBatch();
    uncommitted.put(3, b("c"), b("3"));
    store.close();

    try (StateStore reopened = backend.open("op-1", 0, RANGE)) {
      assertThat(reopened.committedVersion()).isEqualTo(7000);
      assertThat(reopened.numKeys()).isEqualTo(2);
      assertThat(s(reopened.get(3, b("a")))).isEqualTo("1");
      assertThat(reopened.get(3, b("c"))).isNull();
    }
  }

  @Test
  void storesOfOtherPartitionsAndOperatorsAreSeparate() {
    commit(store, 1, 1, "a", "1");
    try (StateStore otherPartition = backend.open("op-1", 1, RANGE);
        StateStore otherOperator = backend.open("op-2", 0, RANGE)) {
      assertThat(otherPartition.get(3, b("a"))).isNull();
      assertThat(otherOperator.committedVersion()).isEqualTo(StateStore.NO_VERSION);
    }
  }

  @Test
  void openingAStoreTwiceIsRejected() {
    assertThatThrownBy(() -> backend.open("op-1", 0, RANGE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already open");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b", "..", ".", "a b", "é", "a\\b", "x:y"})
  void invalidOperatorUidsAreRejected(String uid) {
    assertThatThrownBy(() -> backend.open(uid, 0, RANGE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operator uid");
  }

  @Test
  void invalidPartitionsAndRangesAreRejected() {
    assertThatThrownBy(() -> backend.open("op-3", -1, RANGE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> backend.open("op-3", 0,
        new KeyGroupRange(0, KeyGroupAssignment.MAX_NUM_KEY_GROUPS)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void closingTheBackendClosesItsStoresAndIsIdempotent() {
    StateReadView view = store.readView();
    backend.close();
    backend.close();
    assertThatThrownBy(() -> store.get(3, b("a"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(view::numKeys).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> backend.open("op-9", 0, RANGE))
        .isInstanceOf(IllegalStateException.class);
    store.close();
    view.close();
  }

  @Test
  void aSnapshotRestoresItsVersionIntoAFreshBackendUnaffectedByLaterCommits() throws Exception {
    commit(store, 1000, 2, "a", "1", "b", "2");
    io.tidemark.state.snapshot.StateSnapshot snapshot =
        store.snapshot(tempDir.resolve("snapshots").resolve("v1000"));
    commit(store, 2000, 2, "a", "changed", "b", null, "c", "3");

    assertThat(snapshot.version()).isEqualTo(1000);
    assertThat(snapshot.numKeys()).isEqualTo(2);
    assertThat(snapshot.files()).isNotEmpty();
    for (io.tidemark.state.snapshot.SnapshotFile file : snapshot.files()) {
      assertThat(java.nio.file.Files.size(snapshot.directory().resolve(file.name())))
          .as(file.name()).isEqualTo(file.sizeBytes());
    }
    try (StateBackend other = newBackend(tempDir.resolve("other"));
        StateStore restored = other.restore("op-1", 0, RANGE, snapshot.directory())) {
      assertThat(restored.committedVersion()).isEqualTo(1000);
      assertThat(restored.numKeys()).isEqualTo(2);
      try (StateReadView view = restored.readView()) {
        assertThat(entries(view)).containsExactly("3:a=1", "3:b=2");
      }
      commit(restored, 3000, 1, "a", null);
      assertThat(restored.get(3, b("a"))).isNull();
    }
    // The restored store wrote nothing back into the snapshot: it restores again, unchanged.
    try (StateBackend third = newBackend(tempDir.resolve("third"));
        StateStore again = third.restore("op-1", 0, RANGE, snapshot.directory())) {
      assertThat(s(again.get(3, b("a")))).isEqualTo("1");
    }
    assertThat(s(store.get(3, b("a")))).isEqualTo("changed");
  }

  @Test
  void aSnapshotTargetThatIsNotEmptyIsRefused() throws Exception {
    Path target = java.nio.file.Files.createDirectories(tempDir.resolve("full"));
    java.nio.file.Files.writeString(target.resolve("x"), "x");
    assertThatThrownBy(() -> store.snapshot(target))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not empty");
  }

  @Test
  void restoringADirectoryThatIsNoSnapshotNamesIt() throws Exception {
    Path empty = java.nio.file.Files.createDirectories(tempDir.resolve("nothing"));
    try (StateBackend other = newBackend(tempDir.resolve("other"))) {
      assertThatThrownBy(() -> other.restore("op-1", 0, RANGE, empty))
          .isInstanceOf(StateStoreException.class).hasMessageContaining(empty.toString());
    }
  }
}

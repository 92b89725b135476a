package io.tidemark.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.state.KeyGroupRange;
import io.tidemark.state.StateBackend;
import io.tidemark.state.StateBackends;
import io.tidemark.state.StateStore;
import io.tidemark.state.StateWriteBatch;
import io.tidemark.state.snapshot.StateSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data checkpoints of the heap store, two partitions in one manifest. */
class HeapStoreCheckpointTest {
  static final KeyGroupRange[] RANGES = {new KeyGroupRange(0, 63), new KeyGroupRange(64, 127)};

  @TempDir
  java.nio.file.Path tmp;

  @Test
  void twoHeapPartitionsCheckpointAsOneManifestAndRestoreIntoAFreshBackend() {
    Path root = new Path(tmp.resolve("checkpoint").toUri());
    try (StateBackend backend = StateBackends.inMemory();
        CheckpointDirectory dir = CheckpointDirectory.openForWriting(root, new Configuration(),
            CheckpointOptions.defaults())) {
      List<StateSnapshot> snapshots = new ArrayList<>();
      for (int p = 0; p < 2; p++) {
        StateStore store = backend.open("heap-op", p, RANGES[p]);
        StateWriteBatch batch = store.newWriteBatch();
        long count = 0;
        for (long i = 0; i < 10_000; i++) {
          if (UploadLoopChild.partitionOf(i) == p) {
            batch.put(TestStates.keyGroup(i), TestStates.key(i), TestStates.value(i, 5000));
            count++;
          }
        }
        store.commit(batch, 5000, count);
        snapshots.add(store.snapshot(tmp.resolve("snap-" + p)));
      }
      UploadResult result = dir.dataCheckpointWriter("heap-op").write(5000, snapshots);
      assertThat(result.manifest().partitions()).hasSize(2)
          .allSatisfy(p -> assertThat(p.format()).isEqualTo(StateSnapshot.FORMAT_HEAP))
          .allSatisfy(p -> assertThat(p.files()).singleElement()
              .satisfies(f -> assertThat(f.shared()).isFalse()));

      DataCheckpointReader reader = dir.dataCheckpointReader("heap-op");
      DataCheckpointManifest manifest = reader.newest().orElseThrow();
      try (StateBackend fresh = StateBackends.inMemory()) {
        long keys = 0;
        for (PartitionState p : manifest.partitions()) {
          java.nio.file.Path files = reader.download(manifest, p.partition(),
              tmp.resolve("restore-" + p.partition()));
          try (StateStore restored = fresh.restore("heap-op", p.partition(),
              RANGES[p.partition()], files)) {
            assertThat(restored.committedVersion()).isEqualTo(5000);
            try (var view = restored.readView(); var it = view.iterator()) {
              while (it.next()) {
                long i = Long.parseLong(new String(it.key(),
                    java.nio.charset.StandardCharsets.UTF_8).substring(4));
                assertThat(it.value()).isEqualTo(TestStates.value(i, 5000));
                assertThat(UploadLoopChild.partitionOf(i)).isEqualTo(p.partition());
                keys++;
              }
            }
          }
        }
        assertThat(keys).isEqualTo(10_000);
      }
    }
  }
}

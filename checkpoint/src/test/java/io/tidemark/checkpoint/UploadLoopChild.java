package io.tidemark.checkpoint;

import io.tidemark.state.KeyGroupRange;
import io.tidemark.state.StateBackend;
import io.tidemark.state.StateBackends;
import io.tidemark.state.StateStore;
import io.tidemark.state.StateWriteBatch;
import io.tidemark.state.snapshot.StateSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * A child JVM that checkpoints a two-partition RocksDB operator in a loop: each round rewrites a
 * fifth of the keys, commits, snapshots and uploads a data checkpoint. Prints {@code ready} once
 * it owns the directory and {@code published=<version>} after each checkpoint. Runs until killed,
 * or for {@code rounds} rounds if given.
 *
 * <p>Arguments: checkpoint URI, local directory, number of keys, [rounds].
 */
public final class UploadLoopChild {
  static final String OPERATOR = "counts";
  static final KeyGroupRange[] PARTITIONS = {new KeyGroupRange(0, 63), new KeyGroupRange(64, 127)};

  private UploadLoopChild() {}

  static int partitionOf(long i) {
    return TestStates.keyGroup(i) < 64 ? 0 : 1;
  }

  public static void main(String[] args) throws Exception {
    org.apache.hadoop.fs.Path uri = new org.apache.hadoop.fs.Path(args[0]);
    Path local = Path.of(args[1]);
    long keys = Long.parseLong(args[2]);
    long rounds = args.length > 3 ? Long.parseLong(args[3]) : Long.MAX_VALUE;
    try (StateBackend backend = StateBackends.rocksDb(local.resolve("state"));
        CheckpointDirectory dir = CheckpointDirectory.openForWriting(uri, new Configuration(),
            CheckpointOptions.defaults())) {
      List<StateStore> stores = new ArrayList<>();
      for (int p = 0; p < PARTITIONS.length; p++) {
        stores.add(backend.open(OPERATOR, p, PARTITIONS[p]));
      }
      System.out.println("ready epoch=" + dir.epoch());
      System.out.flush();
      DataCheckpointWriter writer = dir.dataCheckpointWriter(OPERATOR);
      for (long round = 0; round < rounds; round++) {
        // A kill between the partitions' commits leaves one partition a round ahead: re-run
        // that round for the other (as the engine re-runs a batch), not skip it.
        long previous = stores.stream().mapToLong(StateStore::committedVersion).min().orElseThrow();
        long version = previous < 0 ? 1000 : previous + 1000;
        long fifth = (version / 1000) % 5;
        for (int p = 0; p < stores.size(); p++) {
          StateStore store = stores.get(p);
          if (store.committedVersion() >= version) {
            continue;
          }
          StateWriteBatch batch = store.newWriteBatch();
          long count = 0;
          for (long i = 0; i < keys; i++) {
            if (partitionOf(i) == p) {
              count++;
              if (previous < 0 || i % 5 == fifth) {
                batch.put(TestStates.keyGroup(i), TestStates.key(i), TestStates.value(i, version));
              }
            }
          }
          store.commit(batch, version, count);
        }
        List<StateSnapshot> snapshots = new ArrayList<>();
        Path snapshotRoot = local.resolve("snapshots");
        deleteRecursively(snapshotRoot);
        for (StateStore store : stores) {
          snapshots.add(store.snapshot(snapshotRoot.resolve(version + "-p" + store.partition())));
        }
        writer.write(version, snapshots);
        System.out.println("published=" + version);
        System.out.flush();
      }
    }
  }

  static void deleteRecursively(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}

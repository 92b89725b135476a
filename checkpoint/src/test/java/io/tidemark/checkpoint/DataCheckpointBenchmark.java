package io.tidemark.checkpoint;

import io.tidemark.state.StateBackend;
import io.tidemark.state.StateBackends;
import io.tidemark.state.StateStore;
import io.tidemark.state.snapshot.StateSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Incremental against full data checkpoints of one RocksDB store on the local disk: for each key
 * count, fills the store, publishes a first (full) checkpoint, then for change ratios 1 % and
 * 100 % rewrites that share of the keys, takes one local snapshot (flush + RocksDB checkpoint,
 * timed on its own) and uploads it twice: (a) incrementally (what the previous checkpoint lacks,
 * manifest, retention) and (b) in full, into an empty checkpoint directory. Not run by Surefire.
 *
 * <p>Arguments: a work directory (deleted first), then key counts (default 1000000 10000000).
 */
public final class DataCheckpointBenchmark {
  private DataCheckpointBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "/tmp/tidemark-checkpoint-bench");
    long[] counts = args.length > 1
        ? java.util.Arrays.stream(args, 1, args.length).mapToLong(Long::parseLong).toArray()
        : new long[] {1_000_000, 10_000_000};
    System.out.printf("%-10s %-7s %-12s %12s %16s %8s%n", "keys", "change", "checkpoint",
        "duration_ms", "bytes_written", "files");
    for (long n : counts) {
      UploadLoopChild.deleteRecursively(work);
      Files.createDirectories(work);
      run(work, n);
    }
    UploadLoopChild.deleteRecursively(work);
  }

  private static void run(Path work, long n) throws Exception {
    Configuration conf = new Configuration();
    try (StateBackend backend = StateBackends.rocksDb(work.resolve("state"));
        CheckpointDirectory incremental = CheckpointDirectory.openForWriting(
            new org.apache.hadoop.fs.Path(work.resolve("incremental").toUri()), conf,
            CheckpointOptions.defaults())) {
      StateStore store = backend.open("bench", 0, TestStates.ALL);
      long fill = System.nanoTime();
      TestStates.write(store, n, i -> true, 1_000_000, n);
      System.out.printf("# filled %,d keys in %d ms%n", n, (System.nanoTime() - fill) / 1_000_000);
      DataCheckpointWriter writer = incremental.dataCheckpointWriter("bench");
      long started = System.nanoTime();
      UploadResult first = writer.write(1_000_000,
          List.of(store.snapshot(work.resolve("snap-first"))));
      print(n, "-", "first", System.nanoTime() - started, first.bytesUploaded(),
          first.filesUploaded());
      long version = 1_000_000;
      for (long every : new long[] {100, 1}) {
        version += 1_000_000;
        String ratio = every == 100 ? "1%" : "100%";
        TestStates.write(store, n, TestStates.every(every, 0), version, n);
        // One local snapshot (flush + hard links) serves both uploads, so they compare fairly.
        long t0 = System.nanoTime();
        StateSnapshot snapshot = store.snapshot(work.resolve("snap-" + version));
        print(n, ratio, "snapshot", System.nanoTime() - t0, 0, snapshot.files().size());
        long t1 = System.nanoTime();
        UploadResult inc = writer.write(version, List.of(snapshot));
        print(n, ratio, "incremental", System.nanoTime() - t1, inc.bytesUploaded(),
            inc.filesUploaded());
        Path fullRoot = work.resolve("full-" + version);
        try (CheckpointDirectory full = CheckpointDirectory.openForWriting(
            new org.apache.hadoop.fs.Path(fullRoot.toUri()), conf, CheckpointOptions.defaults())) {
          long t2 = System.nanoTime();
          UploadResult all = full.dataCheckpointWriter("bench").write(version, List.of(snapshot));
          print(n, ratio, "full", System.nanoTime() - t2, all.bytesUploaded(),
              all.filesUploaded());
        }
        UploadLoopChild.deleteRecursively(fullRoot);
      }
    }
  }

  private static void print(long n, String ratio, String kind, long nanos, long bytes,
      int files) {
    System.out.printf("%-10d %-7s %-12s %12d %16d %8d%n", n, ratio, kind, nanos / 1_000_000,
        bytes, files);
  }
}

package io.tidemark.chaos;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Truncates the last write-ahead-log segment mid-record: the flights job keeps no receiver WAL
 * and no block-tracker log (its replay source receives nothing ahead of time), so the log it
 * does keep is each state store's RocksDB WAL, {@code <state-dir>/rocksdb/<uid>/partition-<n>/
 * <number>.log}. In every store, the newest non-empty {@code .log} is cut at a random offset in
 * {@code [1, size - 1]} — inside a record with near certainty — as an operating-system crash
 * without fsync may leave it. RocksDB then opens at an older consistent state version and the
 * job must re-run (or restore from the data checkpoint) what the cut took.
 */
record StateWalTruncation() implements Damage {
  static final String LABEL = "state WAL truncated";

  @Override
  public String label() {
    return LABEL;
  }

  @Override
  public boolean apply(JobDirs dirs, Random random) throws IOException {
    // Empty when the kill came right after a data checkpoint: its snapshot flushed every memtable
    // to SST files and RocksDB started new, empty logs.
    List<Path> segments = newestSegments(dirs.stateDir().resolve("rocksdb"));
    for (Path segment : segments) {
      try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
        f.setLength(1 + (long) (random.nextDouble() * (f.length() - 1)));
      }
    }
    return !segments.isEmpty();
  }

  /** The newest non-empty {@code .log} of every store directory under {@code root}. */
  static List<Path> newestSegments(Path root) throws IOException {
    List<Path> newest = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return newest;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> stores = walk.filter(Files::isDirectory).filter(d -> d.getFileName().toString().startsWith("partition-"))
          .sorted().toList();
      for (Path store : stores) {
        try (Stream<Path> files = Files.list(store)) {
          files.filter(f -> f.getFileName().toString().matches("\\d+\\.log")).filter(f -> f.toFile().length() > 1)
              .max(java.util.Comparator.comparing(f -> Long.parseLong(f.getFileName().toString().replace(".log", ""))))
              .ifPresent(newest::add);
        }
      }
    }
    return newest;
  }
}

package io.tidemark.chaos;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Corrupts the newest metadata checkpoint ({@code metadata/checkpoint-<batchTime>-e<epoch>}, the
 * highest batch time, then the highest epoch, as the reader orders them): one byte flipped, the
 * file truncated, or emptied. The job must fall back to an older metadata checkpoint (the
 * strike before leaves several) and lose nothing.
 */
record MetadataCorruption(Kind kind) implements Damage {
  private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)-e(\\d+)");

  /** How the file is corrupted. */
  enum Kind {
    /** One byte at a random offset XOR 0xFF. */
    BYTE_FLIPPED("metadata byte flipped"),
    /** Cut at a random length in {@code [1, size - 1]}. */
    TRUNCATED("metadata truncated"),
    /** Cut to 0 bytes. */
    EMPTIED("metadata emptied");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  @Override
  public String label() {
    return kind.label;
  }

  @Override
  public boolean apply(JobDirs dirs, Random random) throws IOException {
    List<Path> files = metadataCheckpoints(dirs.checkpoint());
    if (files.size() < 2) {
      throw new IllegalStateException("need at least 2 metadata checkpoints to corrupt the newest, found " + files);
    }
    Path newest = files.get(0);
    try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
      long size = f.length();
      switch (kind) {
        case BYTE_FLIPPED -> {
          long at = (long) (random.nextDouble() * size);
          f.seek(at);
          int b = f.read();
          f.seek(at);
          f.write(b ^ 0xFF);
        }
        case TRUNCATED -> f.setLength(1 + (long) (random.nextDouble() * (size - 1)));
        case EMPTIED -> f.setLength(0);
      }
    }
    return true;
  }

  /** The metadata checkpoints, newest first. */
  static List<Path> metadataCheckpoints(Path checkpoint) throws IOException {
    Path dir = checkpoint.resolve("metadata");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .sorted(Comparator.comparingLong((Path p) -> part(p, 1)).thenComparingLong(p -> part(p, 2)).reversed())
          .toList();
    }
  }

  private static long part(Path p, int group) {
    Matcher m = NAME.matcher(p.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException(p.toString());
    }
    return Long.parseLong(m.group(group));
  }
}

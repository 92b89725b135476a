package io.tidemark.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The per-batch outputs of one operator in a {@code --output} directory: {@code
 * <uid>-<batchTimeMs>/part-00000}, keyed by batch index {@code (t - t0) / interval} where {@code
 * t0} is the first batch time. Batch {@code k} of every run of the same {@link JobShape} reads the
 * same offset range, so outputs of the same index are comparable across runs started at
 * different wall-clock times. Hidden leftovers of an interrupted write ({@code _temporary-…},
 * {@code _replaced-…}) are ignored, as readers do.
 */
final class BatchOutputs {
  private final String operator;
  private final long firstBatchTime;
  private final long intervalMs;
  private final TreeMap<Long, Path> byIndex;
  private final List<String> problems;

  private BatchOutputs(String operator, long firstBatchTime, long intervalMs, TreeMap<Long, Path> byIndex,
      List<String> problems) {
    this.operator = operator;
    this.firstBatchTime = firstBatchTime;
    this.intervalMs = intervalMs;
    this.byIndex = byIndex;
    this.problems = problems;
  }

  /**
   * Reads the outputs of {@code operator} in {@code outputDir}; structural problems (a time off the
   * batch grid, a missing batch between the first and the last, a directory holding anything but
   * {@code part-00000}) are collected in {@link #problems()}.
   */
  static BatchOutputs read(Path outputDir, String operator, long intervalMs) throws IOException {
    Pattern name = Pattern.compile(Pattern.quote(operator) + "-(\\d+)");
    TreeMap<Long, Path> byTime = new TreeMap<>();
    try (Stream<Path> list = Files.list(outputDir)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        Matcher m = name.matcher(p.getFileName().toString());
        if (m.matches()) {
          byTime.put(Long.parseLong(m.group(1)), p);
        }
      }
    }
    List<String> problems = new ArrayList<>();
    if (byTime.isEmpty()) {
      problems.add(operator + ": no output in " + outputDir);
      return new BatchOutputs(operator, -1, intervalMs, new TreeMap<>(), problems);
    }
    long t0 = byTime.firstKey();
    TreeMap<Long, Path> byIndex = new TreeMap<>();
    for (Map.Entry<Long, Path> e : byTime.entrySet()) {
      long offset = e.getKey() - t0;
      if (offset % intervalMs != 0) {
        problems.add(operator + "-" + e.getKey() + ": not on the batch grid of " + t0 + " + k × " + intervalMs + " ms");
        continue;
      }
      String[] files = e.getValue().toFile().list();
      Arrays.sort(files);
      if (!Arrays.equals(files, new String[] {"part-00000"})) {
        problems.add(e.getValue().getFileName() + " holds " + Arrays.toString(files) + ", expected [part-00000]");
        continue;
      }
      byIndex.put(offset / intervalMs, e.getValue().resolve("part-00000"));
    }
    long last = byIndex.isEmpty() ? -1 : byIndex.lastKey();
    for (long k = 0; k <= last; k++) {
      if (!byIndex.containsKey(k)) {
        problems.add(operator + ": no output for batch " + (t0 + k * intervalMs) + " (index " + k + ")");
      }
    }
    return new BatchOutputs(operator, t0, intervalMs, byIndex, problems);
  }

  String operator() {
    return operator;
  }

  /** Structural problems found by {@link #read}. */
  List<String> problems() {
    return problems;
  }

  /** The time of batch index 0, or -1 without outputs. */
  long firstBatchTime() {
    return firstBatchTime;
  }

  /** The highest batch index with an output, or -1. */
  long lastIndex() {
    return byIndex.isEmpty() ? -1 : byIndex.lastKey();
  }

  /** The batch index of {@code batchTime}. */
  long indexOf(long batchTime) {
    return (batchTime - firstBatchTime) / intervalMs;
  }

  /** The batch time of index {@code k}. */
  long timeOf(long k) {
    return firstBatchTime + k * intervalMs;
  }

  /** The output file of batch index {@code k}, or null. */
  Path file(long k) {
    return byIndex.get(k);
  }
}

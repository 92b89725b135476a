package io.tidemark.bench.e2e;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One completed batch as a child prints it: Tidemark's status line and the Spark peer's line
 * share the prefix {@code batch <timeMs>: <n> records, processing <ms> ms}.
 *
 * @param batchTimeMs batch time, epoch ms
 * @param records input records of the batch
 * @param processingMs processing time (job start → batch complete), ms
 */
record BatchStat(long batchTimeMs, long records, long processingMs) {
  private static final Pattern LINE =
      Pattern.compile("^batch (\\d+): ([\\d,]+) records, processing (-?\\d+) ms\\b.*");

  /** The batch of a status line, or null if the line is something else. */
  static BatchStat parse(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      return null;
    }
    return new BatchStat(Long.parseLong(m.group(1)), Long.parseLong(m.group(2).replace(",", "")),
        Long.parseLong(m.group(3)));
  }
}

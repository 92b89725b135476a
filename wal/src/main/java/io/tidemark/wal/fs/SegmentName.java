package io.tidemark.wal.fs;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a segment file, {@code log-<sequence>-<startMs>-<endMs>}: a value that orders
 * segments and tells {@code clean} which record times a segment can hold.
 *
 * <p>The sequence number (zero-padded to ten digits so that a directory listing shows write
 * order) gives the write order; Spark orders its {@code log-<start>-<end>} files by start time,
 * which breaks when a restarted writer's first time is smaller than the previous segment's, or
 * when close-after-write makes many segments in one millisecond. Every record in the segment has
 * a time below {@code endMs} (exclusive); {@code startMs} is the first record's time.
 *
 * @param sequence the segment's position in write order, {@code >= 0}
 * @param startMs the time of the segment's first record, epoch milliseconds
 * @param endMs an exclusive upper bound of every record time in the segment, {@code > startMs}
 */
public record SegmentName(long sequence, long startMs, long endMs) implements
    Comparable<SegmentName> {

  private static final Pattern PATTERN = Pattern.compile("log-(\\d{1,19})-(\\d{1,19})-(\\d{1,19})");

  /**
   * Checks the components.
   *
   * @param sequence see the record component
   * @param startMs see the record component
   * @param endMs see the record component
   * @throws IllegalArgumentException if a component is negative or {@code endMs <= startMs}
   */
  public SegmentName {
    if (sequence < 0 || startMs < 0 || endMs <= startMs) {
      throw new IllegalArgumentException(
          "bad segment name components: " + sequence + ", " + startMs + ", " + endMs);
    }
  }

  /**
   * Parses a file name.
   *
   * @param fileName a file name without directory, not {@code null}
   * @return the name, or empty if {@code fileName} is not a segment's name (such files are
   *     ignored by the log)
   */
  public static Optional<SegmentName> parse(String fileName) {
    Matcher m = PATTERN.matcher(fileName);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      long seq = Long.parseLong(m.group(1));
      long start = Long.parseLong(m.group(2));
      long end = Long.parseLong(m.group(3));
      return end > start ? Optional.of(new SegmentName(seq, start, end)) : Optional.empty();
    } catch (NumberFormatException overflow) {
      return Optional.empty();
    }
  }

  /**
   * Returns the file name.
   *
   * @return {@code log-<sequence, 10 digits>-<startMs>-<endMs>}
   */
  public String fileName() {
    return String.format("log-%010d-%d-%d", sequence, startMs, endMs);
  }

  /** Orders by sequence number, that is by write order. */
  @Override
  public int compareTo(SegmentName other) {
    return Long.compare(sequence, other.sequence);
  }

  @Override
  public String toString() {
    return fileName();
  }
}

package io.tidemark.cli.flights;

import io.tidemark.cli.flights.LineFlightInput.LineParser;
import io.tidemark.streaming.source.UndecodedRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Record lines of a line-oriented flights input read but not parsed: the bytes of consecutive
 * lines side by side in one array, so that the reading thread copies bytes once and allocates
 * nothing per line, and the partitions decode and parse them in parallel. A line over the length
 * limit is kept as its {@link MalformedRecord}, made when it was read.
 *
 * <p>Built by one thread with {@link #addLine} and {@link #addRecord}; after it is handed out,
 * {@link #decode} may be called by several threads at once (each call makes its own parser).
 */
final class LineChunk implements UndecodedRecords<FlightRecord> {
  /** The most bytes of lines a chunk holds (a Java array's limit). */
  static final int MAX_BYTES = Integer.MAX_VALUE - 8;

  private final long firstOffset;
  private final String description;
  private final Supplier<LineParser> parsers;
  private byte[] bytes;
  private int byteCount;
  /** {@code ends[i]}: end of record i's bytes; record i starts at {@code ends[i - 1]} (0 for i = 0). */
  private int[] ends;
  private int size;
  /** Records made when read (lines over the limit), by index; null while there is none. */
  private FlightRecord[] made;

  /**
   * @param firstOffset the input offset of record 0
   * @param description the input, for errors
   * @param parsers a new line parser, for each call of {@link #decode}
   * @param expectedRecords records the chunk will likely hold (a capacity hint)
   * @param expectedBytes bytes the chunk will likely hold (a capacity hint)
   */
  LineChunk(long firstOffset, String description, Supplier<LineParser> parsers, int expectedRecords,
      int expectedBytes) {
    this.firstOffset = firstOffset;
    this.description = description;
    this.parsers = parsers;
    this.ends = new int[Math.max(16, expectedRecords)];
    this.bytes = new byte[Math.max(256, expectedBytes)];
  }

  /**
   * Appends a record line, {@code line[start, end)}.
   *
   * @throws IllegalStateException if the chunk's lines would pass {@value #MAX_BYTES} bytes
   */
  void addLine(byte[] line, int start, int end) {
    int length = end - start;
    if (bytes.length - byteCount < length) {
      if ((long) byteCount + length > MAX_BYTES) {
        throw new IllegalStateException(description + ": the lines of one batch from offset " + firstOffset
            + " pass " + MAX_BYTES + " bytes at record " + (firstOffset + size) + "; take fewer records per batch");
      }
      bytes = Arrays.copyOf(bytes, (int) Math.min(MAX_BYTES, Math.max((long) bytes.length * 2, (long) byteCount + length)));
    }
    System.arraycopy(line, start, bytes, byteCount, length);
    byteCount += length;
    addEnd();
  }

  /** Appends a record already made (a malformed one), which takes no bytes. */
  void addRecord(FlightRecord record) {
    if (made == null) {
      made = new FlightRecord[ends.length];
    }
    addEnd();
    made[size - 1] = record;
  }

  private void addEnd() {
    if (size == ends.length) {
      ends = Arrays.copyOf(ends, size * 2);
      if (made != null) {
        made = Arrays.copyOf(made, size * 2);
      }
    }
    ends[size++] = byteCount;
  }

  /** Bytes of the lines held. */
  int byteCount() {
    return byteCount;
  }

  @Override
  public long firstOffset() {
    return firstOffset;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public void decode(int from, int to, List<? super FlightRecord> out) {
    Objects.checkFromToIndex(from, to, size);
    LineParser parser = parsers.get();
    LineDecoder decoder = new LineDecoder();
    for (int i = from; i < to; i++) {
      if (made != null && made[i] != null) {
        out.add(made[i]);
        continue;
      }
      int length = decoder.decode(bytes, i == 0 ? 0 : ends[i - 1], ends[i]);
      try {
        out.add(parser.parse(decoder.chars(), 0, length, firstOffset + i));
      } catch (IOException e) {
        throw new UncheckedIOException(
            description + ": cannot decode record " + (firstOffset + i) + ": " + e, e);
      }
    }
  }
}

package io.tidemark.cli.flights;

import java.util.Objects;

/**
 * A record of a flights input that could not be parsed. It keeps its offset, so that offsets of
 * the records after it do not move, a bounded copy of its text, and the reason.
 *
 * <p>Immutable and thread-safe.
 *
 * @param offset record index in the input (0-based; malformed records are counted)
 * @param raw the record's text, at most {@link #MAX_RAW_CHARS} characters (longer text is cut
 *     there); for CSV and JSON Lines the line itself, for a JSON array element the element
 *     re-rendered compactly from its tokens, for Parquet a rendering of the row's values. Never
 *     null (may be empty)
 * @param reason why it was rejected, starting with the field name, e.g. {@code "delay: not an
 *     integer: 1.5"} or {@code "csv: expected 5 fields, found 4"}; never null
 */
public record MalformedRecord(long offset, String raw, String reason) implements FlightRecord {

  /** The longest {@link #raw()} text kept, in characters. */
  public static final int MAX_RAW_CHARS = 1_000;

  /**
   * Truncates {@code raw} to {@link #MAX_RAW_CHARS}.
   *
   * @throws NullPointerException if {@code raw} or {@code reason} is null
   * @throws IllegalArgumentException if {@code offset < 0}
   */
  public MalformedRecord {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(reason, "reason");
    if (offset < 0) {
      throw new IllegalArgumentException("offset < 0: " + offset);
    }
    if (raw.length() > MAX_RAW_CHARS) {
      raw = raw.substring(0, MAX_RAW_CHARS);
    }
  }

  /** A malformed record whose raw text is {@code buf[start, end)}, cut to {@link #MAX_RAW_CHARS}. */
  static MalformedRecord of(long offset, char[] buf, int start, int end, String reason) {
    return new MalformedRecord(offset, new String(buf, start, Math.min(end - start, MAX_RAW_CHARS)), reason);
  }

  /**
   * A malformed record whose raw text is the UTF-8 bytes {@code buf[start, end)} decoded
   * (malformed bytes replaced), cut to {@link #MAX_RAW_CHARS}; at most {@code 4 *
   * MAX_RAW_CHARS} bytes, enough for that many chars, are decoded.
   */
  static MalformedRecord of(long offset, byte[] buf, int start, int end, String reason) {
    int length = Math.min(end - start, 4 * MAX_RAW_CHARS);
    return new MalformedRecord(offset, new String(buf, start, length, java.nio.charset.StandardCharsets.UTF_8),
        reason);
  }
}

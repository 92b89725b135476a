package io.tidemark.cli.flights;

import io.tidemark.streaming.source.ReplayInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Opens flight files as {@link ReplayInput}s of {@link FlightRecord}s for the replay source.
 *
 * <p>Every input is finite and re-readable: {@code openAt(n)} always yields the same records
 * from record index {@code n} on. Offsets count every record, malformed ones included, so they
 * stay stable. A record that cannot be parsed is a {@link MalformedRecord} (never an exception);
 * I/O errors are {@link IOException}s naming the file.
 *
 * <p>Seeking: for CSV and JSON Lines, {@code openAt(n)} reads the lines before record {@code n}
 * without parsing them (cost linear in {@code n}, the bytes' UTF-8 decoding); for a JSON array
 * it parses the first {@code n} records and drops them; for Parquet it skips whole row groups by their row counts and
 * then values inside one row group. An offset past the end gives a cursor at the end whose
 * {@code position()} is the number of records.
 *
 * <p>All methods are static and thread-safe; the inputs returned are thread-safe to open, and
 * each cursor is for one thread.
 */
public final class FlightInputs {

  /** Classpath resource of the bundled sample (vega-datasets {@code flights-20k.json}). */
  public static final String BUNDLED_SAMPLE_RESOURCE = "/flights/flights-20k.json";

  /** Number of records in the bundled sample. */
  public static final int BUNDLED_SAMPLE_RECORDS = 20_000;

  /** The file formats understood. */
  public enum Format {
    /** A JSON document holding one array of flight objects (the vega-datasets JSON files). */
    JSON_ARRAY,
    /** JSON Lines: one flight object per line. */
    JSON_LINES,
    /** CSV {@code date,delay,distance,origin,destination}, optional header line. */
    CSV,
    /** Apache Parquet with columns date, delay, distance, origin, destination. */
    PARQUET
  }

  private FlightInputs() {}

  /**
   * Opens a flights file, choosing the reader with {@link #detectFormat(Path)}.
   *
   * @param file a readable regular file; not null
   * @return an input whose {@link ReplayInput#description()} is the file path
   * @throws IOException if the file does not exist or cannot be read (the message names it), or
   *     for Parquet if its footer or schema cannot be used
   */
  public static ReplayInput<FlightRecord> open(Path file) throws IOException {
    return open(file, detectFormat(file));
  }

  /**
   * Opens a flights file in the given format.
   *
   * @param file a readable regular file; not null
   * @param format not null
   * @throws IOException if the file does not exist or cannot be read, or for Parquet if its
   *     footer or schema cannot be used (missing column, unsupported type)
   */
  public static ReplayInput<FlightRecord> open(Path file, Format format) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(format, "format");
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "not a regular file");
    }
    if (!Files.isReadable(file)) {
      throw new IOException(file + ": not readable");
    }
    String description = file.toString();
    StreamOpener opener = () -> Files.newInputStream(file);
    return switch (format) {
      case JSON_ARRAY -> new JsonArrayFlightInput(description, opener);
      case JSON_LINES -> new JsonLinesFlightInput(description, opener);
      case CSV -> new CsvFlightInput(description, opener);
      case PARQUET -> {
        ParquetFlightInput input = new ParquetFlightInput(file);
        input.openAt(Long.MAX_VALUE).close(); // fail now on a bad footer or schema
        yield input;
      }
    };
  }

  /**
   * The bundled sample: the classpath resource {@value #BUNDLED_SAMPLE_RESOURCE}, 20,000 flights
   * of January to March 2001 from vega-datasets 3.2.1 (BSD-3-Clause; see
   * {@code /flights/LICENSE-vega-datasets.txt}).
   *
   * @throws IllegalStateException if the resource is missing from the classpath (a broken build)
   */
  public static ReplayInput<FlightRecord> bundledSample() {
    if (FlightInputs.class.getResource(BUNDLED_SAMPLE_RESOURCE) == null) {
      throw new IllegalStateException("classpath resource " + BUNDLED_SAMPLE_RESOURCE + " is missing");
    }
    return new JsonArrayFlightInput("classpath:" + BUNDLED_SAMPLE_RESOURCE, () -> {
      InputStream in = FlightInputs.class.getResourceAsStream(BUNDLED_SAMPLE_RESOURCE);
      if (in == null) {
        throw new IOException("classpath resource " + BUNDLED_SAMPLE_RESOURCE + " is missing");
      }
      return in;
    });
  }

  /**
   * Chooses the format of a file: by extension first ({@code .parquet}; {@code .jsonl},
   * {@code .ndjson}; {@code .csv}; {@code .json}: an array if its first non-blank byte is
   * {@code [}, else JSON Lines), otherwise by content: the magic {@code PAR1} means Parquet, a
   * first non-blank byte {@code [} a JSON array, <code>{</code> JSON Lines, anything else CSV.
   *
   * @throws IOException if the file cannot be read (the message names it)
   */
  public static Format detectFormat(Path file) throws IOException {
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".parquet")) {
      return Format.PARQUET;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return Format.JSON_LINES;
    }
    if (name.endsWith(".csv")) {
      return Format.CSV;
    }
    byte[] head = new byte[4096];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new IOException(file + ": cannot read: " + e, e);
    }
    if (n >= 4 && head[0] == 'P' && head[1] == 'A' && head[2] == 'R' && head[3] == '1') {
      return Format.PARQUET;
    }
    int first = firstNonBlank(head, n);
    if (name.endsWith(".json")) {
      return first == '[' ? Format.JSON_ARRAY : Format.JSON_LINES;
    }
    if (first == '[') {
      return Format.JSON_ARRAY;
    }
    if (first == '{') {
      return Format.JSON_LINES;
    }
    return Format.CSV;
  }

  private static int firstNonBlank(byte[] head, int n) {
    int i = 0;
    if (n >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) {
      i = 3; // UTF-8 byte order mark
    }
    for (; i < n; i++) {
      if (head[i] != ' ' && head[i] != '\t' && head[i] != '\r' && head[i] != '\n') {
        return head[i];
      }
    }
    return -1;
  }
}

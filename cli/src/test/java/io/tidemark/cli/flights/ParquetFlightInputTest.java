package io.tidemark.cli.flights;

import static io.tidemark.cli.flights.Replays.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidemark.streaming.source.ReplayCursor;
import io.tidemark.streaming.source.ReplayInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFlightInputTest {

  @TempDir Path dir;

  /** The schema of vega-datasets flights-3m.parquet (written by Polars). */
  static final MessageType VEGA_SCHEMA = MessageTypeParser.parseMessageType("message root {\n"
      + "  optional int64 date (TIMESTAMP(MICROS,false));\n"
      + "  optional int64 delay;\n"
      + "  optional int64 distance;\n"
      + "  optional binary origin (STRING);\n"
      + "  optional binary destination (STRING);\n"
      + "}");

  static final long T0 = 978_307_200_000L; // 2001-01-01T00:00Z

  static Flight expected(int i) {
    return new Flight(T0 + i * 60_000L, i % 500 - 60, 100 + i % 2_500, "O" + (i % 37), "D" + (i % 11));
  }

  /** Writes rows 0..n-1 of {@link #expected} (or a row of nulls where {@code bad} says so). */
  private Path writeVega(String name, int n, IntFunction<String> bad) throws IOException {
    Path file = dir.resolve(name);
    SimpleGroupFactory groups = new SimpleGroupFactory(VEGA_SCHEMA);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withType(VEGA_SCHEMA)
        .withCompressionCodec(CompressionCodecName.ZSTD)
        .withRowGroupSize(4 * 1024L) // tiny row groups: many of them
        .withPageSize(1024)
        .withDictionaryEncoding(true)
        .build()) {
      for (int i = 0; i < n; i++) {
        Flight f = expected(i);
        String nullField = bad.apply(i);
        Group g = groups.newGroup();
        if (!"date".equals(nullField)) {
          g.append("date", f.timeMillis() * 1_000L);
        }
        if (!"delay".equals(nullField)) {
          g.append("delay", "bigdelay".equals(nullField) ? 1L << 40 : (long) f.delay());
        }
        if (!"distance".equals(nullField)) {
          g.append("distance", (long) f.distance());
        }
        if (!"origin".equals(nullField)) {
          g.append("origin", "emptyorigin".equals(nullField) ? "" : f.origin());
        }
        if (!"destination".equals(nullField)) {
          g.append("destination", f.destination());
        }
        w.write(g);
      }
    }
    return file;
  }

  private static int rowGroups(Path file) throws IOException {
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
      return r.getRowGroups().size();
    }
  }

  @Test
  void readsVegaSchemaAcrossRowGroups() throws Exception {
    int n = 5_000;
    Path file = writeVega("f.parquet", n, i -> null);
    assertThat(rowGroups(file)).isGreaterThan(3);
    ReplayInput<FlightRecord> in = FlightInputs.open(file);
    List<FlightRecord> all = readAll(in);
    assertThat(all).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(all.get(i)).isEqualTo(expected(i));
    }
    Replays.assertOpenAtGivesTails(in);
  }

  @Test
  void openAtEveryRowGroupBoundaryAndInside() throws Exception {
    int n = 3_000;
    Path file = writeVega("g.parquet", n, i -> null);
    List<Long> boundaries = new ArrayList<>();
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
      long at = 0;
      for (BlockMetaData b : r.getRowGroups()) {
        boundaries.add(at);
        at += b.getRowCount();
      }
      assertThat(at).isEqualTo(n);
    }
    ReplayInput<FlightRecord> in = FlightInputs.open(file);
    for (long b : boundaries) {
      for (long offset : new long[] {b - 1, b, b + 1}) {
        if (offset < 0) {
          continue;
        }
        try (ReplayCursor<FlightRecord> c = in.openAt(offset)) {
          assertThat(c.position()).isEqualTo(offset);
          assertThat(c.next()).as("record at %d", offset).isEqualTo(expected((int) offset));
          assertThat(c.next()).isEqualTo(expected((int) offset + 1));
        }
      }
    }
  }

  @Test
  void nullsAndOutOfRangeValuesAreMalformedRecords() throws Exception {
    String[] kinds = {"date", "delay", "distance", "origin", "destination", "bigdelay", "emptyorigin"};
    String[] reasons = {"date: null", "delay: null", "distance: null", "origin: null",
        "destination: null", "delay: out of int range: 1099511627776", "origin: empty"};
    int n = 2_000;
    IntFunction<String> bad = i -> i % 100 == 7 ? kinds[(i / 100) % kinds.length] : null;
    ReplayInput<FlightRecord> in = FlightInputs.open(writeVega("bad.parquet", n, bad));
    List<FlightRecord> all = readAll(in);
    assertThat(all).hasSize(n);
    for (int i = 0; i < n; i++) {
      if (bad.apply(i) == null) {
        assertThat(all.get(i)).isEqualTo(expected(i));
      } else {
        MalformedRecord m = (MalformedRecord) all.get(i);
        assertThat(m.offset()).isEqualTo(i);
        assertThat(m.reason()).isEqualTo(reasons[(i / 100) % kinds.length]);
        assertThat(m.raw()).startsWith("{\"date\":").contains("\"distance\":");
      }
    }
    MalformedRecord first = (MalformedRecord) all.get(7);
    assertThat(first.raw()).isEqualTo("{\"date\":null,\"delay\":-53,\"distance\":107,"
        + "\"origin\":\"O7\",\"destination\":\"D7\"}");
    Replays.assertOpenAtGivesTails(in);
  }

  @Test
  void otherColumnTypesAreConverted() throws Exception {
    MessageType schema = MessageTypeParser.parseMessageType("message m {\n"
        + "  required binary origin (STRING);\n"
        + "  required binary date (STRING);\n"
        + "  required int32 delay;\n"
        + "  required double distance;\n"
        + "  required binary destination (STRING);\n"
        + "  optional int32 ignored;\n"
        + "}");
    Path file = dir.resolve("other.parquet");
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withType(schema).build()) {
      w.write(groups.newGroup().append("origin", "DTW").append("date", "2001/01/01 00:47")
          .append("delay", 66).append("distance", 1750.0).append("destination", "LAS"));
      w.write(groups.newGroup().append("origin", "HNL").append("date", "978312240000")
          .append("delay", -5).append("distance", 407.0).append("destination", "SFO"));
      w.write(groups.newGroup().append("origin", "LAS").append("date", "yesterday")
          .append("delay", 1).append("distance", 2.0).append("destination", "OAK"));
      w.write(groups.newGroup().append("origin", "LAS").append("date", "2001/01/01 00:47")
          .append("delay", 1).append("distance", 2.5).append("destination", "OAK"));
    }
    List<FlightRecord> all = readAll(FlightInputs.open(file));
    assertThat(all).hasSize(4);
    assertThat(all.get(0)).isEqualTo(Replays.flight("2001/01/01 00:47", 66, 1750, "DTW", "LAS"));
    assertThat(all.get(1)).isEqualTo(new Flight(978_312_240_000L, -5, 407, "HNL", "SFO"));
    assertThat(((MalformedRecord) all.get(2)).reason()).isEqualTo(
        "date: not a time (yyyy/MM/dd HH:mm or epoch ms): \"yesterday\"");
    assertThat(((MalformedRecord) all.get(3)).reason()).isEqualTo("distance: not an int: 2.5");
  }

  @Test
  void missingColumnOrNotParquetIsAnIOExceptionNamingTheFile() throws Exception {
    MessageType schema = MessageTypeParser.parseMessageType(
        "message m { required int64 date; required int32 delay; }");
    Path file = dir.resolve("partial.parquet");
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withType(schema).build()) {
      w.write(new SimpleGroupFactory(schema).newGroup().append("date", 1L).append("delay", 1));
    }
    assertThatThrownBy(() -> FlightInputs.open(file)).isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("no column 'distance'");

    Path junk = dir.resolve("junk.parquet");
    Files.writeString(junk, "not parquet at all", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> FlightInputs.open(junk)).isInstanceOf(IOException.class)
        .hasMessageContaining(junk.toString());
  }

  /** The real file: run scripts/fetch-flights.sh, or pass -Dtidemark.flights3m=PATH. */
  @Test
  void readsVegaFlights3m() throws Exception {
    Path file = flights3m();
    assumeTrue(Files.exists(file), "no " + file + " (run scripts/fetch-flights.sh)");
    ReplayInput<FlightRecord> in = FlightInputs.open(file);
    long[] probes = {0, 1, 272_726, 272_727, 272_728, 1_500_000, 2_999_999};
    FlightRecord[] seen = new FlightRecord[probes.length];
    long count = 0;
    long malformed = 0;
    try (ReplayCursor<FlightRecord> c = in.openAt(0)) {
      FlightRecord r;
      while ((r = c.next()) != null) {
        for (int p = 0; p < probes.length; p++) {
          if (probes[p] == count) {
            seen[p] = r;
          }
        }
        if (r instanceof MalformedRecord) {
          malformed++;
        }
        count++;
      }
    }
    assertThat(count).isEqualTo(3_000_000);
    assertThat(malformed).isZero();
    for (int p = 0; p < probes.length; p++) {
      try (ReplayCursor<FlightRecord> c = in.openAt(probes[p])) {
        assertThat(c.position()).isEqualTo(probes[p]);
        assertThat(c.next()).as("record %d", probes[p]).isEqualTo(seen[p]);
      }
    }
    try (ReplayCursor<FlightRecord> c = in.openAt(3_000_000)) {
      assertThat(c.next()).isNull();
      assertThat(c.position()).isEqualTo(3_000_000);
    }
  }

  static Path flights3m() {
    String configured = System.getProperty("tidemark.flights3m");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path d = Path.of("").toAbsolutePath();
    while (d != null && !(Files.exists(d.resolve("cli/pom.xml")) && Files.exists(d.resolve("pom.xml")))) {
      d = d.getParent();
    }
    return (d == null ? Path.of("") : d).resolve("data/flights-3m.parquet");
  }
}

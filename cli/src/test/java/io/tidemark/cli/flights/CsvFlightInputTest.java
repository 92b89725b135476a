package io.tidemark.cli.flights;

import static io.tidemark.cli.flights.Replays.flight;
import static io.tidemark.cli.flights.Replays.readAll;
import static io.tidemark.cli.flights.Replays.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.streaming.source.DeferredDecodingCursor;
import io.tidemark.streaming.source.ReplayCursor;
import io.tidemark.streaming.source.ReplayInput;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFlightInputTest {

  @TempDir Path dir;

  private static final Flight FA = flight("2001/01/01 00:47", 66, 1750, "DTW", "LAS");
  private static final Flight FB = flight("2001/01/01 01:10", 95, 2399, "HNL", "SFO");
  private static final Flight FC = new Flight(978_312_240_000L, -5, 407, "LAS", "OAK");

  private static final String BODY = "2001/01/01 00:47,66,1750,DTW,LAS\n"
      + "2001/01/01 01:10,95,2399,HNL,SFO\r\n"
      + "\n"
      + "978312240000,-5,407,LAS,OAK";

  @Test
  void readsWithAndWithoutHeaderAndBothDateForms() throws Exception {
    ReplayInput<FlightRecord> plain = FlightInputs.open(write(dir.resolve("a.csv"), BODY));
    ReplayInput<FlightRecord> header = FlightInputs.open(
        write(dir.resolve("b.csv"), "\uFEFFdate,delay,distance,origin,destination\n" + BODY + "\n"));
    ReplayInput<FlightRecord> quoted = FlightInputs.open(write(dir.resolve("c.txt"),
        "\"date\", \"delay\",\"distance\",\"origin\",\"destination\"\n"
            + "\"2001/01/01 00:47\", 66 , 1750,\"DTW\", LAS\n"
            + "2001/01/01 01:10,95,2399,HNL,SFO\n978312240000,-5,407,LAS,OAK\n"));
    for (ReplayInput<FlightRecord> in : List.of(plain, header, quoted)) {
      assertThat(readAll(in)).as(in.description()).containsExactly(FA, FB, FC);
      Replays.assertOpenAtGivesTails(in);
    }
  }

  @Test
  void malformedLinesKeepOffsetsRawAndReasons() throws Exception {
    String[][] bad = {
      {"2001/01/01 00:47,66,1750,DTW", "csv: expected 5 fields, found 4"},
      {"2001/01/01 00:47,66,1750,DTW,LAS,x", "csv: expected 5 fields, found 6"},
      {"2001/01/01 0047,66,1750,DTW,LAS", "date: not a time"},
      {",66,1750,DTW,LAS", "date: empty"},
      {"2001/01/01 00:47,six,1750,DTW,LAS", "delay: not an int: \"six\""},
      {"2001/01/01 00:47,1.5,1750,DTW,LAS", "delay: not an int"},
      {"2001/01/01 00:47,66,99999999999,DTW,LAS", "distance: not an int"},
      {"2001/01/01 00:47,66,,DTW,LAS", "distance: not an int"},
      {"2001/01/01 00:47,66,1750,,LAS", "origin: empty"},
      {"2001/01/01 00:47,66,1750, \"\" ,LAS", "origin: empty"},
      {"2001/01/01 00:47,66,1750,DTW,", "destination: empty"},
      // a header line that is not the first line is data
      {"date,delay,distance,origin,destination", "date: not a time"},
    };
    StringBuilder doc = new StringBuilder("\uFEFF\n  \ndate,delay,distance,origin,destination\n");
    doc.append("2001/01/01 00:47,66,1750,DTW,LAS\n");
    for (String[] b : bad) {
      doc.append(b[0]).append("\n \n"); // blank lines are not records, also when seeking
    }
    doc.append("2001/01/01 01:10,95,2399,HNL,SFO\n");
    ReplayInput<FlightRecord> in = FlightInputs.open(write(dir.resolve("bad.csv"), doc.toString()));
    List<FlightRecord> all = readAll(in);
    assertThat(all).hasSize(bad.length + 2);
    assertThat(all.get(0)).isEqualTo(FA);
    assertThat(all.get(all.size() - 1)).isEqualTo(FB);
    for (int i = 0; i < bad.length; i++) {
      MalformedRecord m = (MalformedRecord) all.get(i + 1);
      assertThat(m.offset()).isEqualTo(i + 1);
      assertThat(m.raw()).isEqualTo(bad[i][0]);
      assertThat(m.reason()).as(bad[i][0]).startsWith(bad[i][1]);
    }
    Replays.assertOpenAtGivesTails(in);
  }

  @Test
  void overlongLineIsOneMalformedRecord() throws Exception {
    String longLine = "9".repeat(CsvFlightInput.MAX_LINE_BYTES + 10) + ",1,2,A,B";
    ReplayInput<FlightRecord> in = FlightInputs.open(write(dir.resolve("long.csv"),
        "2001/01/01 00:47,66,1750,DTW,LAS\n" + longLine + "\n2001/01/01 01:10,95,2399,HNL,SFO\n"));
    List<FlightRecord> all = readAll(in);
    assertThat(all).hasSize(3);
    MalformedRecord m = (MalformedRecord) all.get(1);
    assertThat(m.reason()).startsWith("csv: line longer than");
    assertThat(m.raw()).hasSize(MalformedRecord.MAX_RAW_CHARS);
    assertThat(all.get(2)).isEqualTo(FB);
    Replays.assertDeferredDecodingGives(in, 0, all);
  }

  @Test
  void cursorsHandOutLinesForTheReplaySourceToDecodeInParallel() throws Exception {
    ReplayInput<FlightRecord> in = FlightInputs.open(write(dir.resolve("d.csv"),
        "date,delay,distance,origin,destination\n2001/01/01 00:47,66,1750,DTW,LAS\nnot,a,record\n"));
    try (ReplayCursor<FlightRecord> c = in.openAt(0)) {
      assertThat(c).isInstanceOf(DeferredDecodingCursor.class);
    }
    List<FlightRecord> all = readAll(in);
    assertThat(all.get(1)).isInstanceOf(MalformedRecord.class);
    Replays.assertDeferredDecodingGives(in, 0, all);
    Replays.assertDeferredDecodingGives(in, 1, all.subList(1, 2));
  }

  @Test
  void nonAsciiTextAndInvalidUtf8AreDecodedAsAReaderWould() throws Exception {
    byte[] invalid = {(byte) 0xff, (byte) 0xfe};
    java.io.ByteArrayOutputStream doc = new java.io.ByteArrayOutputStream();
    doc.writeBytes("2001/01/01 00:47,66,1750,MÜN,東京\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    doc.writeBytes("2001/01/01 00:47,délai,1750,A".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    doc.writeBytes(invalid);
    doc.writeBytes(",B\n2001/01/01 01:10,95,2399,HNL,SFO\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Path file = dir.resolve("utf8.csv");
    java.nio.file.Files.write(file, doc.toByteArray());
    ReplayInput<FlightRecord> in = FlightInputs.open(file);
    List<FlightRecord> all = readAll(in);
    assertThat(all.get(0)).isEqualTo(flight("2001/01/01 00:47", 66, 1750, "MÜN", "東京"));
    MalformedRecord m = (MalformedRecord) all.get(1);
    assertThat(m.offset()).isEqualTo(1);
    assertThat(m.raw()).isEqualTo("2001/01/01 00:47,délai,1750,A\uFFFD\uFFFD,B");
    assertThat(m.reason()).isEqualTo("delay: not an int: \"délai\"");
    assertThat(all.get(2)).isEqualTo(FB);
    Replays.assertDeferredDecodingGives(in, 0, all);
  }

  @Test
  void manyLinesAcrossBufferBoundaries() throws Exception {
    StringBuilder doc = new StringBuilder();
    int n = 50_000;
    for (int i = 0; i < n; i++) {
      doc.append(978_307_200_000L + i * 60_000L).append(',').append(i % 200 - 50).append(',')
          .append(i).append(",O").append(i % 300).append(",D").append(i % 7).append('\n');
    }
    ReplayInput<FlightRecord> in = FlightInputs.open(write(dir.resolve("many.csv"), doc.toString()));
    List<FlightRecord> all = readAll(in);
    assertThat(all).hasSize(n);
    for (int i = 0; i < n; i += 997) {
      assertThat(all.get(i)).isEqualTo(
          new Flight(978_307_200_000L + i * 60_000L, i % 200 - 50, i, "O" + i % 300, "D" + i % 7));
    }
    assertThat(Replays.readFrom(in, 31_337)).isEqualTo(all.subList(31_337, n));
  }
}

package io.tidemark.cli.flights;

import static io.tidemark.cli.flights.Replays.flight;
import static io.tidemark.cli.flights.Replays.readAll;
import static io.tidemark.cli.flights.Replays.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.streaming.source.ReplayInput;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFlightInputTest {

  @TempDir Path dir;

  private static final String A =
      "{\"date\":\"2001/01/01 00:47\",\"delay\":66,\"distance\":1750,\"origin\":\"DTW\",\"destination\":\"LAS\"}";
  private static final String B =
      "{\"date\":\"2001/01/01 01:10\",\"delay\":95,\"distance\":2399,\"origin\":\"HNL\",\"destination\":\"SFO\"}";
  private static final String C =
      "{\"destination\":\"OAK\",\"origin\":\"LAS\",\"distance\":407,\"delay\":-5,\"date\":978312240000,\"extra\":[1,{\"x\":null}]}";

  private static final Flight FA = flight("2001/01/01 00:47", 66, 1750, "DTW", "LAS");
  private static final Flight FB = flight("2001/01/01 01:10", 95, 2399, "HNL", "SFO");
  private static final Flight FC = new Flight(978_312_240_000L, -5, 407, "LAS", "OAK");

  @Test
  void readsArray() throws Exception {
    ReplayInput<FlightRecord> in =
        FlightInputs.open(write(dir.resolve("f.json"), "[" + A + ",\n " + B + "," + C + "]\n"));
    assertThat(in.description()).endsWith("f.json");
    assertThat(readAll(in)).containsExactly(FA, FB, FC);
    Replays.assertOpenAtGivesTails(in);
  }

  @Test
  void readsJsonLines() throws Exception {
    ReplayInput<FlightRecord> in = FlightInputs.open(
        write(dir.resolve("f.jsonl"), A + "\n\n" + B + "\r\n   \n" + C));
    assertThat(readAll(in)).containsExactly(FA, FB, FC);
    Replays.assertOpenAtGivesTails(in);
    // a .json file whose first byte is '{' is JSON Lines too
    ReplayInput<FlightRecord> in2 = FlightInputs.open(write(dir.resolve("g.json"), A + "\n" + B + "\n"));
    assertThat(readAll(in2)).containsExactly(FA, FB);
  }

  @Test
  void emptyInputsHaveNoRecords() throws Exception {
    assertThat(readAll(FlightInputs.open(write(dir.resolve("a.json"), "[]")))).isEmpty();
    assertThat(readAll(FlightInputs.open(write(dir.resolve("b.json"), "")))).isEmpty();
    assertThat(readAll(FlightInputs.open(write(dir.resolve("c.jsonl"), "\n\n")))).isEmpty();
    Replays.assertOpenAtGivesTails(FlightInputs.open(dir.resolve("a.json")));
  }

  private static final String[][] BAD_ELEMENTS = {
    {"{\"delay\":1,\"distance\":2,\"origin\":\"A\",\"destination\":\"B\"}", "date: missing"},
    {"{\"date\":\"2001/02/30 00:00\",\"delay\":1,\"distance\":2,\"origin\":\"A\",\"destination\":\"B\"}",
        "date: not a time"},
    {"{\"date\":true,\"delay\":1,\"distance\":2,\"origin\":\"A\",\"destination\":\"B\"}",
        "date: ill-typed: a boolean"},
    {"{\"date\":\"2001/01/01 00:00\",\"delay\":null,\"distance\":2,\"origin\":\"A\",\"destination\":\"B\"}",
        "delay: null"},
    {"{\"date\":\"2001/01/01 00:00\",\"delay\":1.5,\"distance\":2,\"origin\":\"A\",\"destination\":\"B\"}",
        "delay: not an integer: 1.5"},
    {"{\"date\":\"2001/01/01 00:00\",\"delay\":\"7\",\"distance\":2,\"origin\":\"A\",\"destination\":\"B\"}",
        "delay: ill-typed: a string"},
    {"{\"date\":\"2001/01/01 00:00\",\"delay\":1,\"distance\":99999999999,\"origin\":\"A\",\"destination\":\"B\"}",
        "distance: out of int range"},
    {"{\"date\":\"2001/01/01 00:00\",\"delay\":1,\"distance\":[2],\"origin\":\"A\",\"destination\":\"B\"}",
        "distance: ill-typed: an array"},
    {"{\"date\":\"2001/01/01 00:00\",\"delay\":1,\"distance\":2,\"origin\":\"\",\"destination\":\"B\"}",
        "origin: empty"},
    {"{\"date\":\"2001/01/01 00:00\",\"delay\":1,\"distance\":2,\"origin\":\" \",\"destination\":\"B\"}",
        "origin: empty"},
    {"{\"date\":\"2001/01/01 00:00\",\"delay\":1,\"distance\":2,\"origin\":\"A\"}", "destination: missing"},
    {"{\"date\":\"2001/01/01 00:00\",\"delay\":1,\"distance\":2,\"origin\":\"A\",\"destination\":{}}",
        "destination: ill-typed: an object"},
    {"42", "record: not a JSON object"},
    {"[\"x\",1]", "record: not a JSON object"},
  };

  @Test
  void malformedArrayElementsKeepOffsetsAndRenderRaw() throws Exception {
    StringBuilder doc = new StringBuilder("[").append(A);
    for (String[] bad : BAD_ELEMENTS) {
      doc.append(",\n").append(bad[0]);
    }
    doc.append(",").append(B).append("]");
    ReplayInput<FlightRecord> in = FlightInputs.open(write(dir.resolve("bad.json"), doc.toString()));
    List<FlightRecord> all = readAll(in);
    assertThat(all).hasSize(BAD_ELEMENTS.length + 2);
    assertThat(all.get(0)).isEqualTo(FA);
    assertThat(all.get(all.size() - 1)).isEqualTo(FB);
    for (int i = 0; i < BAD_ELEMENTS.length; i++) {
      assertThat(all.get(i + 1)).isInstanceOf(MalformedRecord.class);
      MalformedRecord m = (MalformedRecord) all.get(i + 1);
      assertThat(m.offset()).isEqualTo(i + 1);
      assertThat(m.reason()).as(BAD_ELEMENTS[i][0]).startsWith(BAD_ELEMENTS[i][1]);
      // compact documents re-render to themselves
      assertThat(m.raw()).isEqualTo(BAD_ELEMENTS[i][0]);
    }
    Replays.assertOpenAtGivesTails(in);
  }

  @Test
  void malformedJsonLinesKeepOffsetsAndRawLines() throws Exception {
    StringBuilder doc = new StringBuilder(A).append('\n');
    for (String[] bad : BAD_ELEMENTS) {
      doc.append(bad[0]).append('\n');
    }
    doc.append("{\"date\": oops}\n");
    doc.append(A).append(' ').append(B).append('\n');
    doc.append(B).append('\n');
    ReplayInput<FlightRecord> in = FlightInputs.open(write(dir.resolve("bad.jsonl"), doc.toString()));
    List<FlightRecord> all = readAll(in);
    int n = BAD_ELEMENTS.length;
    assertThat(all).hasSize(n + 4);
    for (int i = 0; i < n; i++) {
      MalformedRecord m = (MalformedRecord) all.get(i + 1);
      assertThat(m.offset()).isEqualTo(i + 1);
      assertThat(m.reason()).startsWith(BAD_ELEMENTS[i][1]);
      assertThat(m.raw()).isEqualTo(BAD_ELEMENTS[i][0]);
    }
    MalformedRecord syntax = (MalformedRecord) all.get(n + 1);
    assertThat(syntax.offset()).isEqualTo(n + 1);
    assertThat(syntax.raw()).isEqualTo("{\"date\": oops}");
    assertThat(syntax.reason()).startsWith("json: syntax error at column");
    MalformedRecord twoObjects = (MalformedRecord) all.get(n + 2);
    assertThat(twoObjects.reason()).startsWith("json: unexpected content after the object");
    assertThat(all.get(n + 3)).isEqualTo(FB); // reading goes on after bad lines
    Replays.assertOpenAtGivesTails(in);
  }

  @Test
  void syntaxErrorEndsArrayAfterOneMalformedRecord() throws Exception {
    String doc = "[" + A + ",\n" + B + ",\n{\"date\":\"2001/01/01 00:00\",\"delay\":1,,}, " + C + "]";
    ReplayInput<FlightRecord> in = FlightInputs.open(write(dir.resolve("broken.json"), doc));
    List<FlightRecord> all = readAll(in);
    assertThat(all).hasSize(3);
    assertThat(all.subList(0, 2)).containsExactly(FA, FB);
    MalformedRecord m = (MalformedRecord) all.get(2);
    assertThat(m.offset()).isEqualTo(2);
    assertThat(m.reason()).startsWith("json: syntax error at byte ");
    int byteOffset = Integer.parseInt(m.reason().replaceAll("^json: syntax error at byte (\\d+):.*$", "$1"));
    assertThat(doc.charAt(byteOffset)).isEqualTo(',');
    assertThat(m.raw()).isEqualTo("{\"date\":\"2001/01/01 00:00\",\"delay\":1");
    Replays.assertOpenAtGivesTails(in);
  }

  @Test
  void truncatedArrayAndNonArrayDocumentsAreOneMalformedRecord() throws Exception {
    List<FlightRecord> truncated =
        readAll(FlightInputs.open(write(dir.resolve("t.json"), "[" + A + "," + B)));
    assertThat(truncated).hasSize(3);
    assertThat(((MalformedRecord) truncated.get(2)).reason()).startsWith("json: syntax error");

    ReplayInput<FlightRecord> notArray =
        FlightInputs.open(write(dir.resolve("n.json"), "\"hello\""), FlightInputs.Format.JSON_ARRAY);
    List<FlightRecord> one = readAll(notArray);
    assertThat(one).hasSize(1);
    assertThat(((MalformedRecord) one.get(0)).reason()).contains("expected '['");
  }

  @Test
  void rawTextIsBounded() throws Exception {
    String huge = "x".repeat(50_000);
    String bad = "{\"date\":\"2001/01/01 00:00\",\"delay\":1,\"distance\":2,\"origin\":\"" + huge + "\"}";
    List<FlightRecord> array = readAll(FlightInputs.open(write(dir.resolve("h.json"), "[" + bad + "]")));
    List<FlightRecord> lines = readAll(FlightInputs.open(write(dir.resolve("h.jsonl"), bad)));
    for (FlightRecord r : List.of(array.get(0), lines.get(0))) {
      MalformedRecord m = (MalformedRecord) r;
      assertThat(m.reason()).isEqualTo("destination: missing");
      assertThat(m.raw()).hasSize(MalformedRecord.MAX_RAW_CHARS).startsWith("{\"date\":");
    }
  }
}

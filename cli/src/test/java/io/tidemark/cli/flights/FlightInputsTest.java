package io.tidemark.cli.flights;

import static io.tidemark.cli.flights.Replays.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.cli.flights.FlightInputs.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlightInputsTest {

  @TempDir Path dir;

  @Test
  void detectsFormatByExtensionThenContent() throws Exception {
    assertThat(FlightInputs.detectFormat(write(dir.resolve("a.json"), " \n[{}]"))).isEqualTo(Format.JSON_ARRAY);
    assertThat(FlightInputs.detectFormat(write(dir.resolve("b.json"), "{}\n{}"))).isEqualTo(Format.JSON_LINES);
    assertThat(FlightInputs.detectFormat(write(dir.resolve("c.ndjson"), "[1]"))).isEqualTo(Format.JSON_LINES);
    assertThat(FlightInputs.detectFormat(write(dir.resolve("d.csv"), "[x"))).isEqualTo(Format.CSV);
    assertThat(FlightInputs.detectFormat(write(dir.resolve("e.dat"), "\uFEFF[{}]"))).isEqualTo(Format.JSON_ARRAY);
    assertThat(FlightInputs.detectFormat(write(dir.resolve("f"), "{}"))).isEqualTo(Format.JSON_LINES);
    assertThat(FlightInputs.detectFormat(write(dir.resolve("g.txt"), "2001/01/01 00:00,1,2,A,B"))).isEqualTo(Format.CSV);
    assertThat(FlightInputs.detectFormat(write(dir.resolve("h.bin"), "PAR1...."))).isEqualTo(Format.PARQUET);
    assertThat(FlightInputs.detectFormat(dir.resolve("x.PARQUET"))).isEqualTo(Format.PARQUET);
  }

  @Test
  void missingFileIsAnIOExceptionNamingIt() {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> FlightInputs.open(missing)).isInstanceOf(IOException.class)
        .hasMessageContaining(missing.toString());
    assertThatThrownBy(() -> FlightInputs.open(dir)).isInstanceOf(IOException.class)
        .hasMessageContaining(dir.toString());
  }

  @Test
  void fileDeletedAfterOpenFailsOnOpenAtNamingIt() throws Exception {
    Path f = write(dir.resolve("gone.csv"), "2001/01/01 00:00,1,2,A,B\n");
    var in = FlightInputs.open(f);
    Files.delete(f);
    assertThatThrownBy(() -> in.openAt(0)).isInstanceOf(IOException.class)
        .hasMessageContaining(f.toString());
  }

  @Test
  void negativeOffsetIsRejected() throws Exception {
    var in = FlightInputs.open(write(dir.resolve("a.csv"), ""));
    assertThatThrownBy(() -> in.openAt(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}

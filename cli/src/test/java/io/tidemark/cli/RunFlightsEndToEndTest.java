package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.cli.flights.Flight;
import io.tidemark.cli.flights.FlightAggregates;
import io.tidemark.cli.flights.FlightInputs;
import io.tidemark.cli.flights.FlightRecord;
import io.tidemark.streaming.source.ReplayCursor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tidemark run flights --until-exhausted} in a child JVM: status lines, exit code 0, and
 * the newest origin-stats output equal, line for line, to the aggregate computed directly from
 * the input.
 */
class RunFlightsEndToEndTest {

  @Test
  void bundledSampleEndsWithExitZeroAndTheExactAggregate(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    TidemarkProcess.Result r = TidemarkProcess.run(dir, List.of("-Xmx512m"),
        "run", "flights", "--until-exhausted", "--rate", "10000", "--batch-interval", "500ms", "--output", out.toString());
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).containsPattern("batch \\d+: 5,000 records, processing \\d+ ms, scheduling delay \\d+ ms, state keys");
    assertThat(r.output()).contains("done: 20,000 records (0 malformed)");
    assertThat(newestOriginStats(out)).containsExactlyElementsOf(FlightAggregates.expectedCsvLines(FlightInputs.bundledSample()));
    assertThat(newest(out, "route-window-")).isNotNull();
  }

  @Test
  void csvInputWithMalformedLinesCountsThemAndSendsThemToTheDeadLetterDirectory(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("flights.csv");
    List<String> lines = new ArrayList<>();
    lines.add("date,delay,distance,origin,destination");
    DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm").withZone(ZoneOffset.UTC);
    try (ReplayCursor<FlightRecord> c = FlightInputs.bundledSample().openAt(0)) {
      FlightRecord rec;
      int i = 0;
      while ((rec = c.next()) != null && i < 3000) {
        Flight fl = (Flight) rec;
        // half the dates as text, half as epoch milliseconds
        String date = i % 2 == 0 ? f.format(Instant.ofEpochMilli(fl.timeMillis())) : Long.toString(fl.timeMillis());
        lines.add(date + "," + fl.delay() + "," + fl.distance() + "," + fl.origin() + "," + fl.destination());
        if (i == 100) {
          lines.add("2001/01/01 10:00,not-a-number,100,SFO,LAX");
        }
        if (i == 2000) {
          lines.add("2001/01/01 10:00,5,100,SFO");
        }
        i++;
      }
    }
    Files.write(csv, lines, StandardCharsets.UTF_8);
    Path out = dir.resolve("out");
    TidemarkProcess.Result r = TidemarkProcess.run(dir, List.of("-Xmx512m"),
        "run", "flights", "--input", csv.toString(), "--until-exhausted", "--rate", "2000", "--batch-interval", "500ms",
        "--output", out.toString());
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("done: 3,002 records (2 malformed)");
    assertThat(newestOriginStats(out)).containsExactlyElementsOf(FlightAggregates.expectedCsvLines(FlightInputs.open(csv)));
    List<String> deadLetters = new ArrayList<>();
    try (Stream<Path> files = Files.list(out.resolve("dead-letter"))) {
      for (Path p : files.sorted().toList()) {
        deadLetters.addAll(Files.readAllLines(p));
      }
    }
    assertThat(deadLetters).hasSize(2);
    assertThat(deadLetters.get(0)).contains("not-a-number").contains("delay");
    assertThat(deadLetters.get(1)).contains("2001/01/01 10:00,5,100,SFO");
  }

  private static List<String> newestOriginStats(Path out) throws Exception {
    Path newest = newest(out, "origin-stats-");
    List<String> all = new ArrayList<>();
    try (Stream<Path> parts = Files.list(newest)) {
      for (Path p : parts.sorted().toList()) {
        all.addAll(Files.readAllLines(p));
      }
    }
    return all;
  }

  private static Path newest(Path out, String prefix) throws Exception {
    try (Stream<Path> dirs = Files.list(out)) {
      return dirs.filter(p -> p.getFileName().toString().startsWith(prefix))
          .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(prefix.length()))))
          .orElseThrow(() -> new AssertionError("no " + prefix + "* output in " + out));
    }
  }
}

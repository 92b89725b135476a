package io.tidemark.cli.flights;

import static io.tidemark.cli.flights.Replays.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlightAggregatesTest {

  @TempDir Path dir;

  @Test
  void computesPerOriginStatsByHand() throws Exception {
    Path csv = write(dir.resolve("f.csv"), String.join("\n",
        "date,delay,distance,origin,destination",
        "2001/01/01 00:00,10,100,SFO,LAX",   // 0
        "2001/01/01 00:01,16,100,LAX,SFO",   // 1 delayed
        "2001/01/01 00:02,15,100,SFO,JFK",   // 2 not delayed (15 is not > 15)
        "2001/01/01 00:03,bad,100,SFO,JFK",  // 3 malformed, skipped
        "2001/01/01 00:04,-7,100,ATL,SFO",   // 4
        "2001/01/01 00:05,120,100,SFO,LAX",  // 5 delayed
        "2001/01/01 00:06,-3,100,ATL,BOS")); // 6
    var in = FlightInputs.open(csv);
    // SFO: 10 + 15 + 120 = 145, max 120, delayed 1; LAX: 16, delayed 1; ATL: -7 - 3 = -10, max -3
    assertThat(FlightAggregates.expectedCsvLines(in)).containsExactly(
        "ATL,2,-10,-3,0",
        "LAX,1,16,16,1",
        "SFO,3,145,120,1");
    // offsets [2, 5): SFO 15, (malformed), ATL -7
    assertThat(FlightAggregates.toCsvLines(FlightAggregates.byOrigin(in, 2, 5)))
        .containsExactly("ATL,1,-7,-7,0", "SFO,1,15,15,0");
    assertThat(FlightAggregates.byOrigin(in, 7, 7)).isEmpty();
  }

  @Test
  void originStatsMergeAndRender() {
    Flight a = new Flight(0, 30, 1, "SFO", "LAX");
    Flight b = new Flight(0, -5, 1, "SFO", "LAX");
    OriginStats s = OriginStats.EMPTY.plus(a).plus(b);
    assertThat(s).isEqualTo(new OriginStats(2, 25, 30, 1));
    assertThat(s.toCsvFields()).isEqualTo("2,25,30,1");
    assertThat(OriginStats.of(b).plus(OriginStats.of(a))).isEqualTo(s);
    assertThat(s.plus(OriginStats.EMPTY)).isEqualTo(s);
    assertThat(FlightAggregates.toCsvLines(Map.of("b", s, "a", OriginStats.of(b))))
        .containsExactly("a,1,-5,-5,0", "b,2,25,30,1");
  }

  @Test
  void bundledSampleOracleIsConsistent() throws Exception {
    var stats = FlightAggregates.byOrigin(FlightInputs.bundledSample());
    assertThat(stats.values().stream().mapToLong(OriginStats::count).sum()).isEqualTo(20_000);
    // figures computed independently (Python over the same file)
    assertThat(stats).hasSize(220);
    assertThat(stats.values().stream().mapToLong(OriginStats::sumDelay).sum()).isEqualTo(154_078);
    assertThat(stats.get("ABE")).isEqualTo(new OriginStats(8, -40, 7, 0));
    assertThat(stats.get("DTW")).isEqualTo(new OriginStats(458, 2185, 226, 98));
    assertThat(stats.get("XNA")).isEqualTo(new OriginStats(13, 1, 52, 2));
    var lines = FlightAggregates.toCsvLines(stats);
    assertThat(lines.get(0)).isEqualTo("ABE,8,-40,7,0");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("XNA,13,1,52,2");
  }
}

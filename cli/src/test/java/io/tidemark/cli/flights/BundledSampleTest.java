package io.tidemark.cli.flights;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.streaming.source.ReplayCursor;
import io.tidemark.streaming.source.ReplayInput;
import java.util.List;
import org.junit.jupiter.api.Test;

class BundledSampleTest {

  @Test
  void reads20000FlightsAndNoMalformed() throws Exception {
    ReplayInput<FlightRecord> in = FlightInputs.bundledSample();
    assertThat(in.description()).isEqualTo("classpath:/flights/flights-20k.json");
    List<FlightRecord> all = Replays.readAll(in);
    assertThat(all).hasSize(FlightInputs.BUNDLED_SAMPLE_RECORDS);
    assertThat(all).allMatch(r -> r instanceof Flight);
    assertThat(all.get(0)).isEqualTo(Replays.flight("2001/01/01 00:47", 66, 1750, "DTW", "LAS"));
    assertThat(all.get(2)).isEqualTo(Replays.flight("2001/01/01 01:24", -5, 407, "LAS", "OAK"));
    try (ReplayCursor<FlightRecord> c = in.openAt(19_999)) {
      assertThat(c.next()).isEqualTo(all.get(19_999));
      assertThat(c.next()).isNull();
      assertThat(c.position()).isEqualTo(20_000);
    }
    Replays.assertOpenAtGivesTails(in);
  }

  @Test
  void licenseIsBundledBesideTheData() {
    assertThat(FlightInputs.class.getResource("/flights/LICENSE-vega-datasets.txt")).isNotNull();
  }
}

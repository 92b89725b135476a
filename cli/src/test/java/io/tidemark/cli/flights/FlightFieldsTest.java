package io.tidemark.cli.flights;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class FlightFieldsTest {

  private static final DateTimeFormatter F = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm");

  @Test
  void parsesDatesLikeJavaTimeInUtc() {
    LocalDateTime t = LocalDateTime.of(1899, 12, 31, 23, 59);
    for (int i = 0; i < 300_000; i++) {
      String s = t.format(F);
      assertThat(FlightFields.parseTime(s)).as(s).isEqualTo(t.toInstant(ZoneOffset.UTC).toEpochMilli());
      t = t.plusMinutes(617);
    }
    assertThat(FlightFields.parseTime("2000/02/29 00:00")).isEqualTo(951_782_400_000L);
  }

  @Test
  void parsesEpochMillis() {
    assertThat(FlightFields.parseTime("978310020000")).isEqualTo(978_310_020_000L);
    assertThat(FlightFields.parseTime("0")).isZero();
    assertThat(FlightFields.parseTime("-60000")).isEqualTo(-60_000L);
  }

  @Test
  void rejectsNonTimes() {
    for (String s : new String[] {"", "2001/13/01 00:00", "2001/02/29 00:00", "1900/02/29 10:00",
        "2001/01/01 24:00", "2001/01/01 00:60", "2001-01-01 00:47", "2001/01/01 0:47",
        "abc", "12x", "-", "1234567890123456789", "2001/01/01 00:47 "}) {
      assertThat(FlightFields.parseTime(s)).as(s).isEqualTo(FlightFields.NO_TIME);
    }
  }

  @Test
  void parsesInts() {
    char[] c = " -59,2147483647,-2147483648,2147483648,+7,x".toCharArray();
    assertThat(FlightFields.parseInt(c, 1, 4)).isEqualTo(-59);
    assertThat(FlightFields.parseInt(c, 5, 15)).isEqualTo(Integer.MAX_VALUE);
    assertThat(FlightFields.parseInt(c, 16, 27)).isEqualTo(Integer.MIN_VALUE);
    assertThat(FlightFields.parseInt(c, 28, 38)).isEqualTo(FlightFields.NO_INT);
    assertThat(FlightFields.parseInt(c, 39, 41)).isEqualTo(7);
    assertThat(FlightFields.parseInt(c, 42, 43)).isEqualTo(FlightFields.NO_INT);
    assertThat(FlightFields.parseInt(c, 0, 0)).isEqualTo(FlightFields.NO_INT);
  }

  @Test
  void nameCacheSharesInstances() {
    NameCache cache = new NameCache();
    char[] a = "xDTWx".toCharArray();
    String first = cache.get(a, 1, 4);
    assertThat(first).isEqualTo("DTW");
    assertThat(cache.get("DTWLAS".toCharArray(), 0, 3)).isSameAs(first);
    assertThat(cache.get(new String("DTW"))).isSameAs(first);
  }
}

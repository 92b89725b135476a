package io.tidemark.cli.flights;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineDecoderTest {

  private static String decode(LineDecoder decoder, byte[] bytes, int start, int end) {
    int length = decoder.decode(bytes, start, end);
    return new String(decoder.chars(), 0, length);
  }

  @Test
  void decodesAsciiMultiByteAndInvalidUtf8LikeTheJdkFromAnyRange() {
    LineDecoder decoder = new LineDecoder();
    byte[] ascii = "xx2001/01/01 00:47,66,1750,DTW,LASyy".getBytes(StandardCharsets.US_ASCII);
    assertThat(decode(decoder, ascii, 2, ascii.length - 2)).isEqualTo("2001/01/01 00:47,66,1750,DTW,LAS");
    String text = "MÜN,東京,🛫";
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    assertThat(decode(decoder, utf8, 0, utf8.length)).isEqualTo(text);
    byte[] invalid = {'a', (byte) 0xc3, 'b', (byte) 0xff};
    assertThat(decode(decoder, invalid, 0, invalid.length))
        .isEqualTo(new String(invalid, StandardCharsets.UTF_8))
        .isEqualTo("a\uFFFDb\uFFFD");
    assertThat(decode(decoder, invalid, 1, 1)).isEmpty();
  }

  @Test
  void growsForLongLinesAndReusesItsBuffer() {
    LineDecoder decoder = new LineDecoder();
    byte[] line = "é".repeat(5_000).getBytes(StandardCharsets.UTF_8);
    assertThat(decode(decoder, line, 0, line.length)).isEqualTo("é".repeat(5_000));
    char[] grown = decoder.chars();
    byte[] ascii = "A".repeat(3_000).getBytes(StandardCharsets.US_ASCII);
    assertThat(decode(decoder, ascii, 0, ascii.length)).isEqualTo("A".repeat(3_000));
    assertThat(decoder.chars()).isSameAs(grown);
  }
}

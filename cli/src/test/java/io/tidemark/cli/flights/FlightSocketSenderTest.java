package io.tidemark.cli.flights;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sender's side of {@link FlightSocketProtocol}, driven by a raw socket; and {@link FlightLines}. */
class FlightSocketSenderTest {

  /** A raw protocol client. */
  private static final class Client implements AutoCloseable {
    final Socket socket;
    final BufferedReader in;
    final Writer out;

    Client(int port, long from) throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
      send("FROM " + from);
    }

    void send(String line) throws IOException {
      out.write(line + "\n");
      out.flush();
    }

    List<String> read(int lines) throws IOException {
      List<String> got = new ArrayList<>();
      for (int i = 0; i < lines; i++) {
        got.add(in.readLine());
      }
      return got;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static final String CSV = """
      2001/01/01 00:47,12,500,DTW,LAS
      2001/01/01 01:00,-3,200,LAX,SFO
      not,a,flight,record,here
      2001/01/02 08:15,40,900,ORD,DEN
      """;

  @Test
  void resendsWhatWasNotAcknowledgedAndRefusesToGoBehindAnAcknowledgement(@TempDir Path dir) throws Exception {
    try (FlightSocketSender sender = FlightSocketSender.start(
        FlightInputs.open(Replays.write(dir.resolve("f.csv"), CSV)), 0, 100)) {
      try (Client c = new Client(sender.port(), 0)) {
        List<String> lines = c.read(5);
        assertThat(lines.get(0)).startsWith("0\t{\"date\":");
        assertThat(lines.get(2)).isEqualTo("2\tnot,a,flight,record,here");
        assertThat(lines.get(4)).isEqualTo("END 4");
        c.send("ACK 1");
      }
      assertThat(sender.awaitResumes(1, Duration.ofSeconds(30))).isTrue();
      // A new connection from the acknowledged position gets records 2 and 3 again.
      try (Client c = new Client(sender.port(), 2)) {
        List<String> lines = c.read(3);
        assertThat(lines.get(0)).startsWith("2\t");
        assertThat(lines.get(1)).startsWith("3\t");
        assertThat(lines.get(2)).isEqualTo("END 4");
        c.send("ACK 3");
        assertThat(sender.awaitFullyAcknowledged(Duration.ofSeconds(30))).isTrue();
      }
      try (Client c = new Client(sender.port(), 1)) {
        assertThat(c.in.readLine()).startsWith("ERROR FROM 1 but every record below 4 was acknowledged");
      }
    }
  }

  @Test
  void aFromAheadOfWhatWasSentSkipsForward(@TempDir Path dir) throws Exception {
    try (FlightSocketSender sender = FlightSocketSender.start(
        FlightInputs.open(Replays.write(dir.resolve("f.csv"), CSV)), 0, 100);
        Client c = new Client(sender.port(), 3)) {
      assertThat(c.read(2)).satisfiesExactly(l -> assertThat(l).startsWith("3\t"), l -> assertThat(l).isEqualTo("END 4"));
      assertThat(sender.acknowledged()).isEqualTo(2);
    }
  }

  @Test
  void renderedRecordsParseBackEqual() throws IOException {
    List<FlightRecord> sample = Replays.readAll(FlightInputs.bundledSample());
    FlightLines lines = new FlightLines();
    for (int i = 0; i < sample.size(); i++) {
      assertThat(lines.parse(FlightLines.render(sample.get(i)), i)).isEqualTo(sample.get(i));
    }
    assertThat(lines.parse("2001/01/01 00:47,12,500,DTW,LAS", 7)).isInstanceOf(Flight.class);
    MalformedRecord badJson = (MalformedRecord) lines.parse("{\"date\":\"2001/01/01 00:47\",\"delay\":\"x\"}", 8);
    assertThat(badJson.offset()).isEqualTo(8);
    assertThat(badJson.reason()).startsWith("delay");
    assertThat(lines.parse("  ", 9)).isEqualTo(new MalformedRecord(9, "  ", "empty record"));
    MalformedRecord bad = (MalformedRecord) lines.parse("a,b", 10);
    assertThat(bad.reason()).isEqualTo("csv: expected 5 fields, found 2");
    assertThat(lines.parse(FlightLines.render(bad), 10)).isEqualTo(bad);
  }
}

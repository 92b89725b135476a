package io.tidemark.bench.e2e;

import io.tidemark.cli.flights.Flight;
import io.tidemark.cli.flights.FlightInputs;
import io.tidemark.cli.flights.FlightRecord;
import io.tidemark.streaming.source.ReplayCursor;
import io.tidemark.streaming.source.ReplayInput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a flights file (e.g. {@code flights-3m.parquet}) as CSV lines {@code
 * timeMillis,delay,distance,origin,destination} without a header, through Tidemark's own
 * reader, so that Tidemark and the Spark peer of {@link SideBySideBenchmark} read the same
 * lines. Malformed records are dropped (flights-3m has none).
 *
 * <pre>
 * java -cp benchmarks/target/classes:cli/target/tidemark-cli.jar:cli/target/lib/* \
 *     io.tidemark.bench.e2e.FlightsCsvExport data/flights-3m.parquet data/flights-3m.csv
 * </pre>
 *
 * <p>Needs the cli on the classpath: {@code tidemark-cli} is a {@code provided} dependency of
 * this module, not part of {@code benchmarks.jar}.
 */
public final class FlightsCsvExport {
  private FlightsCsvExport() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: FlightsCsvExport INPUT OUTPUT.csv");
    }
    Path out = Path.of(args[1]);
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    ReplayInput<FlightRecord> input = FlightInputs.open(Path.of(args[0]));
    long written = 0;
    long dropped = 0;
    try (ReplayCursor<FlightRecord> cursor = input.openAt(0);
        BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      FlightRecord r;
      while ((r = cursor.next()) != null) {
        if (r instanceof Flight f) {
          w.write(f.timeMillis() + "," + f.delay() + "," + f.distance() + "," + f.origin() + "," + f.destination());
          w.newLine();
          written++;
        } else {
          dropped++;
        }
      }
    }
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    System.out.printf("%s: %,d flights written, %,d malformed dropped%n", out, written, dropped);
  }
}

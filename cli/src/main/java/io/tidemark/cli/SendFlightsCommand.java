package io.tidemark.cli;

import io.tidemark.cli.flights.FlightInputs;
import io.tidemark.cli.flights.FlightRecord;
import io.tidemark.cli.flights.FlightSocketSender;
import io.tidemark.streaming.source.ReplayInput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tidemark send flights}: a {@link FlightSocketSender} on loopback for {@code tidemark run
 * flights --source socket --socket 127.0.0.1:PORT}; exits 0 once every record is acknowledged.
 */
@Command(name = "flights", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Serves flight records on 127.0.0.1:PORT to 'tidemark run flights --source socket', keeping every",
        "record until the job acknowledges it (it resends them when the job reconnects). Exits once all",
        "records are acknowledged."})
public final class SendFlightsCommand implements Callable<Integer> {

  @Option(names = "--input", paramLabel = "FILE",
      description = "Flights as JSON (array or lines), CSV or Parquet. Default: the bundled sample.")
  Path input;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "9999",
      description = "Loopback port to listen on; 0 picks a free one (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--window", paramLabel = "N", defaultValue = "10000",
      description = "Most records sent and not yet acknowledged (default ${DEFAULT-VALUE}).")
  int window;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (port < 0 || port > 65535 || window < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--port must be in 0..65535 and --window >= 1");
    }
    ReplayInput<FlightRecord> records = input == null ? FlightInputs.bundledSample() : FlightInputs.open(input);
    try (FlightSocketSender sender = FlightSocketSender.start(records, port, window)) {
      out.printf("tidemark: sending %s on 127.0.0.1:%d%n", records.description(), sender.port());
      out.flush();
      while (!sender.awaitFullyAcknowledged(Duration.ofSeconds(10))) {
        out.printf("tidemark: %,d records acknowledged%n", sender.acknowledged() + 1);
        out.flush();
      }
      out.printf("tidemark: all %,d records acknowledged%n", sender.total());
      return 0;
    }
  }
}

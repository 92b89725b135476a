package io.tidemark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tidemark send DATA}: serves data to a job's receiver. */
@Command(name = "send", mixinStandardHelpOptions = true, description = "Serve records to a receiver-based job.",
    subcommands = {SendFlightsCommand.class})
public final class SendCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing data: try 'tidemark send flights'");
  }
}

package io.tidemark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tidemark run JOB}: runs one of the bundled jobs. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a bundled job.",
    subcommands = {RunFlightsCommand.class})
public final class RunCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing job: try 'tidemark run flights'");
  }
}

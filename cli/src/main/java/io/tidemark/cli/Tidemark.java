package io.tidemark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tidemark} command. */
@Command(
    name = "tidemark",
    mixinStandardHelpOptions = true,
    versionProvider = Tidemark.Version.class,
    description = "Fault-tolerant stateful stream processing (Spark Streaming's DStream model) on one machine.",
    subcommands = {RunCommand.class, SendCommand.class, InspectCommand.class})
public final class Tidemark implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: try 'tidemark run flights'");
  }

  /** Runs the command line; exit code 0 on success, 1 on a failed job, 2 on bad usage. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured picocli command line (durations accept 200ms, 1s, 5m). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Tidemark());
    cl.registerConverter(java.time.Duration.class, io.tidemark.streaming.Durations::parse);
    return cl;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Tidemark.class.getPackage().getImplementationVersion();
      return new String[] {"tidemark " + (v == null ? "(development build)" : v)};
    }
  }
}

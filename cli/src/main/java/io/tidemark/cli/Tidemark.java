package io.tidemark.cli;

import java.io.PrintWriter;
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
    if (args.length > 0 && args[0].equals("run")) {
      // A job's state lives in RocksDB by default: load its native library on another core while
      // picocli builds the command line (~0.13 s), not after it. Harmless for other backends.
      io.tidemark.state.StateBackends.preloadRocksDb();
    }
    System.exit(commandLine().execute(args));
  }

  /** The configured picocli command line (durations accept 200ms, 1s, 5m). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Tidemark());
    cl.registerConverter(java.time.Duration.class, io.tidemark.streaming.Durations::parse);
    cl.setExecutionExceptionHandler((failure, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      failure.printStackTrace(err);
      err.println(failureSummary(failure));
      err.flush();
      return 1;
    });
    return cl;
  }

  /**
   * The last lines of a failed command's output, after the stack trace: {@code tidemark: failed:}
   * and the chain of causes, one line each, so the reason (e.g. an exceeded HDFS space quota,
   * with the directory) is read without searching the trace.
   */
  static String failureSummary(Throwable failure) {
    StringBuilder summary = new StringBuilder("tidemark: failed: ").append(describe(failure));
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    seen.add(failure);
    for (Throwable cause = failure.getCause(); cause != null && seen.add(cause); cause = cause.getCause()) {
      summary.append(System.lineSeparator()).append("  caused by: ").append(describe(cause));
    }
    return summary.toString();
  }

  private static String describe(Throwable t) {
    String message = t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("");
    return t.getClass().getName() + (message.isEmpty() ? "" : ": " + message);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Tidemark.class.getPackage().getImplementationVersion();
      return new String[] {"tidemark " + (v == null ? "(development build)" : v)};
    }
  }
}

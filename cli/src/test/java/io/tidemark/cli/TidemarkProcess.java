package io.tidemark.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code tidemark} command in a child JVM with this JVM's classpath. */
final class TidemarkProcess {
  private TidemarkProcess() {}

  /** The result of one run. */
  record Result(int exitCode, String output) {}

  static Result run(Path workDir, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
    Path log = Files.createTempFile(workDir, "tidemark-", ".log");
    Process p = start(workDir, log, jvmOptions, args);
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("tidemark did not finish in 3 minutes:\n" + Files.readString(log));
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** The last {@code n} lines of a log, for assertion messages. */
  static String tail(Path log, int n) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }

  /** A log line of slf4j-simple: {@code [thread] LEVEL …}, optionally after the elapsed milliseconds. */
  private static final java.util.regex.Pattern LOG_LINE =
      java.util.regex.Pattern.compile("^(\\d+ )?\\[[^\\]]*\\] (TRACE|DEBUG|INFO|WARN|ERROR) .*");

  /** The lines of a command's output that are not log lines or blank. */
  static List<String> outputLines(String output) {
    List<String> lines = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (!LOG_LINE.matcher(line).matches() && !line.isBlank()) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** Starts {@code tidemark args} with its output (stdout and stderr) going to {@code log}. */
  static Process start(Path workDir, Path log, List<String> jvmOptions, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Tidemark.class.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
  }
}

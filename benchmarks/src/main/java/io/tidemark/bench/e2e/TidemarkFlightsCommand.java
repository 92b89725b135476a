package io.tidemark.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tidemark run flights} as {@code bin/tidemark} runs it (the same {@code java
 * [-XX:SharedArchiveFile=cli/target/tidemark.jsa] -cp cli/target/tidemark-cli.jar:cli/target/lib/*
 * io.tidemark.cli.Tidemark}, without the bash wrapper; the class-data-sharing archive when the
 * build wrote one), with {@code --rate 0 --max-batch-records n}: every batch takes the next n
 * records.
 */
final class TidemarkFlightsCommand implements FlightsJobCommand {
  private final Path projectRoot;
  private final JobShape shape;

  TidemarkFlightsCommand(Path projectRoot, JobShape shape) {
    this.projectRoot = projectRoot;
    this.shape = shape;
  }

  @Override
  public String name() {
    return "tidemark";
  }

  @Override
  public List<String> command(Path checkpoint, Path localDir, boolean untilExhausted) {
    Path cli = projectRoot.resolve("cli/target");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + shape.heap(),
        // time stamps on the engine's log lines (stderr log of each run): the phases of a restart
        "-Dorg.slf4j.simpleLogger.showDateTime=true",
        "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS"));
    Path archive = cli.resolve("tidemark.jsa");
    if (Files.isRegularFile(archive)) {
      cmd.add("-XX:SharedArchiveFile=" + archive);
    }
    cmd.addAll(List.of(
        "-cp", cli.resolve("tidemark-cli.jar") + ":" + cli.resolve("lib") + "/*",
        "io.tidemark.cli.Tidemark", "run", "flights",
        "--input", shape.input().toString(),
        "--batch-interval", shape.batchIntervalMs() + "ms",
        "--rate", "0",
        "--max-batch-records", Long.toString(shape.recordsPerBatch()),
        "--checkpoint", checkpoint.toString(),
        "--state-dir", localDir.toString(),
        "--checkpoint-interval", shape.batchIntervalMs() * shape.checkpointEveryBatches() + "ms",
        "--partitions", Integer.toString(shape.cores()),
        "--dead-letter", localDir.resolveSibling("dead-letter").toString()));
    if (untilExhausted) {
      cmd.add("--until-exhausted");
    }
    return cmd;
  }
}

package io.tidemark.chaos;

import io.tidemark.cli.Tidemark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tidemark inspect}, run in this JVM (it only reads the checkpoint directory): an
 * operator's state as CSV, and the last completed batch.
 */
final class Inspect {
  private static final Pattern LAST_COMPLETED = Pattern.compile("last completed batch: (-?\\d+)");

  private Inspect() {}

  /**
   * {@code tidemark inspect CHECKPOINT --operator UID --format csv}: the header, then one line per
   * key (as of the newest data checkpoint).
   *
   * @throws AssertionError if the command fails
   */
  static List<String> operatorCsv(CheckpointLocation checkpoint, String operatorUid) {
    return run(checkpoint, "--operator", operatorUid, "--format", "csv").lines()
        .filter(l -> !l.isBlank()).toList();
  }

  /**
   * The last completed batch time the newest metadata checkpoint records.
   *
   * @throws AssertionError if the command fails or prints no such line
   */
  static long lastCompletedBatch(CheckpointLocation checkpoint) {
    String out = run(checkpoint);
    Matcher m = LAST_COMPLETED.matcher(out);
    if (!m.find()) {
      throw new AssertionError("tidemark inspect printed no 'last completed batch':\n" + out);
    }
    return Long.parseLong(m.group(1));
  }

  private static String run(CheckpointLocation checkpoint, String... options) {
    List<String> args = new java.util.ArrayList<>(List.of("inspect", checkpoint.uri()));
    args.addAll(List.of(options));
    args.addAll(checkpoint.hadoopArgs());
    return run(args.toArray(String[]::new));
  }

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = Tidemark.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    if (rc != 0) {
      throw new AssertionError("tidemark " + String.join(" ", args) + " exited " + rc + ":\n" + out + err);
    }
    return out.toString();
  }
}

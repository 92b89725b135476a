package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The last lines a failed {@code tidemark} command prints: the failure and its causes, one line each. */
class FailureSummaryTest {

  @Test
  void namesEveryCauseOnItsOwnLineWithTheFirstLineOfItsMessage() {
    IOException quota = new IOException("The DiskSpace quota of /ck is exceeded: quota = 1 B\n\tat somewhere");
    IllegalStateException failure = new IllegalStateException("batch 1000 failed", new RuntimeException(null, quota));

    assertThat(Tidemark.failureSummary(failure).lines()).containsExactly(
        "tidemark: failed: java.lang.IllegalStateException: batch 1000 failed",
        "  caused by: java.lang.RuntimeException",
        "  caused by: java.io.IOException: The DiskSpace quota of /ck is exceeded: quota = 1 B");
  }

  @Test
  void aFailingRunEndsWithTheSummary() {
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cl = Tidemark.commandLine();
    cl.setErr(new java.io.PrintWriter(err));

    int exit = cl.execute("run", "flights", "--input", "/nonexistent/flights.json", "--until-exhausted");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip().lines().reduce((a, b) -> b).orElseThrow())
        .contains("/nonexistent/flights.json");
    assertThat(err.toString()).contains("tidemark: failed: ");
  }
}

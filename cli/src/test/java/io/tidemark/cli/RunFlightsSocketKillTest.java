package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.cli.flights.FlightAggregates;
import io.tidemark.cli.flights.FlightInputs;
import io.tidemark.cli.flights.FlightSocketSender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver-based job under {@code kill -9}: a {@link FlightSocketSender} in this JVM serves the
 * bundled sample and forgets only what the job acknowledged; {@code tidemark run flights --source
 * socket --checkpoint … --until-exhausted} runs in a child JVM, is killed with {@code kill -9} at
 * seeded random instants and restarted each time (it reconnects and asks for the records after
 * the position it stored last). A quarter of the kills land at a random instant after the
 * process started (often during recovery), the others at a random instant after the job
 * reconnected to the sender (while it receives, stores and acknowledges). At the end, {@code tidemark inspect … --operator origin-stats
 * --format csv} equals the aggregate computed directly from the input: every record counted
 * exactly once. Replay a run with {@code -Dtidemark.test.seed=N}.
 */
class RunFlightsSocketKillTest {
  private static final int KILLS = 10;

  @Test
  void killNineAtRandomInstantsCountsEveryAcknowledgedRecordExactlyOnce(@TempDir Path dir) throws Exception {
    long seed = Long.getLong("tidemark.test.seed", System.nanoTime());
    System.out.println("RunFlightsSocketKillTest seed " + seed);
    Random random = new Random(seed);
    Path checkpoint = dir.resolve("checkpoint");
    try (FlightSocketSender sender = FlightSocketSender.start(FlightInputs.bundledSample(), 0, 10_000)) {
      String[] args = {"run", "flights", "--source", "socket", "--socket", "127.0.0.1:" + sender.port(),
          "--until-exhausted", "--rate", "1000", "--batch-interval", "200ms", "--checkpoint", checkpoint.toString(),
          "--state-dir", dir.resolve("state").toString(), "--checkpoint-interval", "1s",
          "--dead-letter", dir.resolve("dead-letter").toString()};
      List<Long> acknowledgedAtKills = new ArrayList<>();
      for (int kill = 0; kill < KILLS; kill++) {
        Path log = dir.resolve("run-" + kill + ".log");
        long resumes = sender.resumes();
        Process p = TidemarkProcess.start(dir, log, List.of("-Xmx384m"), args);
        if (random.nextInt(4) != 0) {
          assertThat(sender.awaitResumes(resumes + 1, Duration.ofSeconds(90)))
              .as("run %d connects to the sender: %s", kill, log).isTrue();
        }
        boolean exited = p.waitFor(300 + random.nextInt(2_000), TimeUnit.MILLISECONDS);
        assertThat(exited).as("run %d ended before its kill (exit %s; lower --rate): %s", kill,
            exited ? p.exitValue() : "-", TidemarkProcess.tail(log, 40)).isFalse();
        p.destroyForcibly(); // SIGKILL
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        acknowledgedAtKills.add(sender.acknowledged());
      }
      System.out.println("RunFlightsSocketKillTest: acknowledged at each kill " + acknowledgedAtKills);

      Path lastLog = dir.resolve("final.log");
      Process last = TidemarkProcess.start(dir, lastLog, List.of("-Xmx384m"), args);
      boolean finished = last.waitFor(3, TimeUnit.MINUTES);
      if (!finished) {
        last.destroyForcibly();
      }
      assertThat(finished).as("the final run finishes: %s", TidemarkProcess.tail(lastLog, 40)).isTrue();
      assertThat(last.exitValue()).as(Files.readString(lastLog)).isZero();
      assertThat(sender.awaitFullyAcknowledged(Duration.ofSeconds(30))).as("every record acknowledged").isTrue();
      assertThat(sender.total()).isEqualTo(FlightInputs.BUNDLED_SAMPLE_RECORDS);
    }

    TidemarkProcess.Result inspect = TidemarkProcess.run(dir, List.of("-Xmx256m"),
        "inspect", checkpoint.toString(), "--operator", "origin-stats", "--format", "csv");
    assertThat(inspect.exitCode()).as(inspect.output()).isZero();
    List<String> expected = new ArrayList<>();
    expected.add("origin,count,sumDelay,maxDelay,delayedCount");
    expected.addAll(FlightAggregates.expectedCsvLines(FlightInputs.bundledSample()));
    assertThat(TidemarkProcess.outputLines(inspect.output())).containsExactlyElementsOf(expected);
  }
}

package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.cli.flights.FlightAggregates;
import io.tidemark.cli.flights.FlightInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tidemark run flights --checkpoint … --until-exhausted} in a child JVM, killed with
 * {@code kill -9} at seeded random instants and restarted each time; at the end {@code tidemark
 * inspect … --operator origin-stats --format csv} equals the aggregate computed directly from
 * the input. With {@code deleteLocalState}, the local RocksDB directory is deleted before every
 * restart, so state comes from the data checkpoints. Replay a run with {@code
 * -Dtidemark.test.seed=N}.
 */
class RunFlightsKillTest {
  private static final int KILLS = 10;

  @ParameterizedTest(name = "deleteLocalState={0}")
  @ValueSource(booleans = {false, true})
  void killNineAtRandomInstantsLosesNothingAndCountsNothingTwice(boolean deleteLocalState, @TempDir Path dir)
      throws Exception {
    long seed = Long.getLong("tidemark.test.seed", System.nanoTime());
    System.out.println("RunFlightsKillTest seed " + seed + " deleteLocalState " + deleteLocalState);
    Random random = new Random(seed);
    Path checkpoint = dir.resolve("checkpoint");
    Path stateDir = dir.resolve("state");
    // 20,000 records at 2,500 records/s: 8 s of batches. A run gets through at most its life
    // (0.5-2 s) less its start-up, so five runs never exhaust the input; with 5,000 records/s
    // and kills up to 3.5 s, three long-lived runs could (seed 55663572510364).
    String[] args = {"run", "flights", "--until-exhausted", "--rate", "2500", "--batch-interval", "200ms",
        "--checkpoint", checkpoint.toString(), "--state-dir", stateDir.toString(), "--checkpoint-interval", "1s",
        "--output", dir.resolve("out").toString()};
    int kills = 0;
    int attempt = 0;
    while (kills < KILLS) {
      if (deleteLocalState && attempt > 0) {
        deleteRecursively(stateDir);
      }
      Path log = dir.resolve("run-" + attempt++ + ".log");
      Process p = TidemarkProcess.start(dir, log, List.of("-Xmx512m"), args);
      long killAfter = 500 + random.nextInt(1500);
      boolean exited = p.waitFor(killAfter, TimeUnit.MILLISECONDS);
      if (exited) {
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        break; // finished before this kill: the remaining kills would have nothing to kill
      }
      p.destroyForcibly(); // SIGKILL
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      kills++;
    }
    Path lastLog = dir.resolve("final.log");
    if (deleteLocalState) {
      deleteRecursively(stateDir);
    }
    Process last = TidemarkProcess.start(dir, lastLog, List.of("-Xmx512m"), args);
    boolean finished = last.waitFor(3, TimeUnit.MINUTES);
    if (!finished) {
      last.destroyForcibly();
    }
    assertThat(finished).as("the final run finishes: %s", TidemarkProcess.tail(lastLog, 40)).isTrue();
    assertThat(last.exitValue()).as(Files.readString(lastLog)).isZero();
    System.out.printf("RunFlightsKillTest: %d kills in %d runs%n", kills, attempt + 1);
    assertThat(kills).as("kills before the input was exhausted (raise the input or lower the rate)")
        .isGreaterThanOrEqualTo(5);

    TidemarkProcess.Result inspect = TidemarkProcess.run(dir, List.of("-Xmx256m"),
        "inspect", checkpoint.toString(), "--operator", "origin-stats", "--format", "csv");
    assertThat(inspect.exitCode()).as(inspect.output()).isZero();
    List<String> csv = TidemarkProcess.outputLines(inspect.output());
    List<String> expected = new ArrayList<>();
    expected.add("origin,count,sumDelay,maxDelay,delayedCount");
    expected.addAll(FlightAggregates.expectedCsvLines(FlightInputs.bundledSample()));
    assertThat(csv).containsExactlyElementsOf(expected);
  }

  private static void deleteRecursively(Path p) throws Exception {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

}

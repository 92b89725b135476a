package io.tidemark.streaming.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * A reliable receiver in a child JVM is killed with {@code kill -9} at seeded random instants
 * and restarted on the same checkpoint directory; every record it acknowledged is present
 * exactly once, in order, among the blocks the tracker's log knows. Seed: {@code
 * -Dtidemark.test.seed=N} replays a run.
 */
class ReceiverKillTest {

  @Test
  void everyAcknowledgedRecordSurvivesKillNineExactlyOnce(@TempDir Path dir) throws Exception {
    long seed = Long.getLong("tidemark.test.seed", System.nanoTime());
    System.out.println("ReceiverKillTest seed " + seed);
    Random random = new Random(seed);
    Path checkpoint = dir.resolve("checkpoint");
    long maxAcknowledged = -1;
    int kills = 10;
    for (int run = 0; run < kills; run++) {
      Path log = dir.resolve("child-" + run + ".log");
      Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-cp", System.getProperty("java.class.path"), ReliableReceiverChild.class.getName(),
          checkpoint.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> acks(log).size() >= 2 || !child.isAlive());
        assertThat(child.isAlive()).as("child %d died: %s", run, Files.readString(log)).isTrue();
        long extraMillis = 20 + random.nextInt(400);
        await().pollDelay(Duration.ofMillis(extraMillis)).atMost(Duration.ofSeconds(5)).until(() -> true);
      } finally {
        child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flush
        child.waitFor(30, TimeUnit.SECONDS);
      }
      List<Long> acked = acks(log);
      assertThat(acked).as("run %d acknowledged nothing: %s", run, Files.readString(log)).isNotEmpty();
      long resumedAt = resumeLine(log);
      assertThat(resumedAt).as("run %d: last stored record before it started", run).isGreaterThanOrEqualTo(maxAcknowledged);
      maxAcknowledged = Math.max(maxAcknowledged, acked.get(acked.size() - 1));
    }
    List<Object> stored = ReceiverLogs.trackedRecords(checkpoint.toString(), 0);
    System.out.printf("ReceiverKillTest: %d kills, %d records tracked, last acknowledged %d%n",
        kills, stored.size(), maxAcknowledged);
    assertThat(stored.size()).isGreaterThan((int) maxAcknowledged);
    for (int i = 0; i < stored.size(); i++) {
      assertThat(stored.get(i)).as("record at position %d", i).isEqualTo((long) i);
    }
  }

  private static List<Long> acks(Path log) throws Exception {
    List<Long> out = new ArrayList<>();
    if (!Files.exists(log)) {
      return out;
    }
    for (String line : Files.readAllLines(log)) {
      if (line.startsWith("ACK ")) {
        out.add(Long.parseLong(line.substring(4).trim()));
      }
    }
    return out;
  }

  private static long resumeLine(Path log) throws Exception {
    for (String line : Files.readAllLines(log)) {
      if (line.startsWith("RESUME ")) {
        return Long.parseLong(line.substring(7).trim()) - 1;
      }
    }
    throw new AssertionError("no RESUME line in " + log);
  }
}

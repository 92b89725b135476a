package io.tidemark.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State larger than the heap: 5,000,000 keys of mapWithState state in a JVM limited to 256 MiB. */
class LargeStateTest {

  @Test
  void fiveMillionKeysOfMapWithStateFitInA256MiBHeap(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("child.log");
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-Djava.io.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"),
        LargeStateJob.class.getName(), "5000000", "500000");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = p.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      p.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(finished).as(output).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("keys=5000000 ");
    long maxHeap = Long.parseLong(output.replaceAll("(?s).*maxHeap=(\\d+).*", "$1"));
    assertThat(maxHeap).isLessThanOrEqualTo(256L * 1024 * 1024);
  }
}

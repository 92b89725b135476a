package io.tidemark.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State larger than the heap: a child JVM with a 256 MiB heap writes 5,000,000 keys
 * (16-byte keys, 16-byte values, about 160 MB of raw entries, about 500 MB as byte arrays
 * in a {@code HashMap}) into a RocksDB store in committed batches of 100,000, then reads them
 * back. Runs in about 20–60 s on two cores; the figures are in the test's output.
 */
class RocksDbLargeStateTest {
  static final long NUM_KEYS = 5_000_000;

  @TempDir
  Path tempDir;

  @Test
  void fiveMillionKeysFitInAStoreOfAJvmWith256MiBOfHeap() throws Exception {
    try (ChildJvm child = ChildJvm.start(tempDir, "256m", LargeStateChild.class,
        tempDir.resolve("state").toString(), Long.toString(NUM_KEYS), "100000")) {
      int exit = child.waitFor(Duration.ofMinutes(4));
      System.out.println(child.output());

      assertThat(exit).as(child.output()).isZero();
      assertThat(Long.parseLong(child.value("maxMemory"))).isEqualTo(256L << 20);
      assertThat(Long.parseLong(child.value("numKeys"))).isEqualTo(NUM_KEYS);
      assertThat(Long.parseLong(child.value("version"))).isEqualTo(NUM_KEYS / 100_000);
      assertThat(Long.parseLong(child.value("scanned"))).isEqualTo(NUM_KEYS);
      assertThat(Long.parseLong(child.value("reopenedNumKeys"))).isEqualTo(NUM_KEYS);
      assertThat(child.value("reopenedLastKeyOk")).isEqualTo("true");
    }
  }
}

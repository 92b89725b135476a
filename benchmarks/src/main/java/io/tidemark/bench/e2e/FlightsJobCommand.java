package io.tidemark.bench.e2e;

import java.nio.file.Path;
import java.util.List;

/** How to start one system's flights job as a child JVM (see {@link SideBySideBenchmark}). */
interface FlightsJobCommand {
  /** Short name for tables: {@code tidemark} or {@code spark}. */
  String name();

  /**
   * The command line of one run.
   *
   * @param checkpoint checkpoint directory (a restart passes the same one)
   * @param localDir the system's local working directory (Tidemark: RocksDB state; Spark:
   *     {@code spark.local.dir})
   * @param untilExhausted stop once all input is processed
   */
  List<String> command(Path checkpoint, Path localDir, boolean untilExhausted);
}

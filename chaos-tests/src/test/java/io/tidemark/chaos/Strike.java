package io.tidemark.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * How a fault ends a running child: {@code kill -9} at an instant, a crash point armed by a
 * system property, SIGTERM. Implementations are small immutable values.
 */
interface Strike {
  /** The label counted in the summary table, e.g. {@code kill -9}. */
  String label();

  /** JVM options of the run this strike ends (e.g. an armed crash point); none by default. */
  default List<String> jvmOptions() {
    return List.of();
  }

  /**
   * Ends {@code child} as this fault does, or lets it finish if the job ends first.
   *
   * @param runTimeout bound on waiting for the child to reach the fault or to exit
   * @return true if the fault struck; false if the job exited on its own first (the caller checks
   *     its exit code)
   * @throws AssertionError if the child misbehaved (e.g. halted elsewhere, or did not stop)
   */
  boolean strike(TidemarkChild child, Random random, Duration runTimeout) throws InterruptedException;

  /**
   * What the run after this strike must show, checked once it ended; a message if it does not.
   * Nothing by default.
   */
  default Optional<String> checkNextRun(TidemarkChild next) {
    return Optional.empty();
  }
}

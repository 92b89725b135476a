package io.tidemark.chaos;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * SIGTERM at a random instant up to {@code maxExtraMillis} after the child completed its first new
 * batch: {@code tidemark run} stops gracefully (the running batches complete, a final data and
 * metadata checkpoint is written). The child must log the graceful stop and exit with 143 (128 +
 * SIGTERM, the JVM's status after its shutdown hooks ran); the next run must re-run no batch.
 */
record GracefulStop(long maxExtraMillis) implements Strike {
  /** The exit code of a JVM ended by SIGTERM once its shutdown hooks completed. */
  static final int SIGTERM_EXIT_CODE = 143;
  /** Bound on a graceful stop, ms. */
  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

  @Override
  public String label() {
    return "SIGTERM";
  }

  @Override
  public boolean strike(TidemarkChild child, Random random, Duration runTimeout) throws InterruptedException {
    if (!child.awaitNewBatchOrExit(runTimeout) || !child.runsFor((long) (random.nextDouble() * maxExtraMillis))) {
      return false;
    }
    child.terminate();
    int exitCode = child.awaitExit(STOP_TIMEOUT);
    if (exitCode == 0 || child.finishedJob()) {
      return false; // the job finished on its own; the signal at most cut the JVM's exit short
    }
    if (exitCode != SIGTERM_EXIT_CODE || !child.stoppedGracefully()) {
      throw new AssertionError("after SIGTERM the child exited " + exitCode + (child.stoppedGracefully()
          ? "" : " without logging a graceful stop") + "; log " + child.log() + ":\n" + child.tail(60));
    }
    return true;
  }

  @Override
  public Optional<String> checkNextRun(TidemarkChild next) {
    if (next.sawRestartPlan() && !next.rerunBatches().isEmpty()) {
      return Optional.of("after a graceful stop the restart re-ran batches " + next.rerunBatches());
    }
    return Optional.empty();
  }
}

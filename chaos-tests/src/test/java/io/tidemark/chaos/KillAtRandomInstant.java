package io.tidemark.chaos;

import java.time.Duration;
import java.util.Random;

/**
 * {@code kill -9} (SIGKILL) at a random instant between {@code minMillis} and {@code maxMillis}
 * after the child started: during JVM start, recovery, re-run batches, new batches, a data
 * checkpoint or the final graceful stop alike.
 */
record KillAtRandomInstant(long minMillis, long maxMillis) implements Strike {
  static final String LABEL = "kill -9";

  @Override
  public String label() {
    return LABEL;
  }

  @Override
  public boolean strike(TidemarkChild child, Random random, Duration runTimeout) throws InterruptedException {
    long at = minMillis + (long) (random.nextDouble() * (maxMillis - minMillis));
    if (!child.runsFor(at - child.elapsedMillis())) {
      return false;
    }
    child.kill9();
    return true;
  }
}

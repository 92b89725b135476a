package io.tidemark.chaos;

import java.time.Duration;
import java.util.Random;

/**
 * {@code kill -9} at a random instant up to {@code maxExtraMillis} after the child completed its
 * {@code newBatches}-th new batch: the run has written fresh metadata checkpoints and committed
 * state, so a damage applied afterwards hits files this run wrote.
 */
record KillAfterNewBatch(long maxExtraMillis, int newBatches) implements Strike {
  /** After the first new batch. */
  KillAfterNewBatch(long maxExtraMillis) {
    this(maxExtraMillis, 1);
  }

  @Override
  public String label() {
    return KillAtRandomInstant.LABEL;
  }

  @Override
  public boolean strike(TidemarkChild child, Random random, Duration runTimeout) throws InterruptedException {
    if (!child.awaitNewBatchesOrExit(newBatches, runTimeout) || !child.runsFor((long) (random.nextDouble() * maxExtraMillis))) {
      return false;
    }
    child.kill9();
    return true;
  }
}

package io.tidemark.chaos;

import java.util.Random;

/**
 * Scenario 5: {@code kill -9} after a new batch, then the last WAL segment is truncated mid-record
 * (for the flights job, every state store's RocksDB WAL: see {@link StateWalTruncation}).
 */
record WalTruncationScenario() implements Scenario {
  @Override
  public String name() {
    return "5 WAL truncated";
  }

  @Override
  public Fault fault(int attempt, Random random) {
    return Fault.of(new KillAfterNewBatch(1000), new StateWalTruncation());
  }

  @Override
  public int shortFormFaults() {
    return 3;
  }
}

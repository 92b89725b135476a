package io.tidemark.chaos;

import java.util.Random;

/**
 * Scenario 5: {@code kill -9} after a new batch, then the last WAL segment is truncated mid-record
 * (for the flights job, every state store's RocksDB WAL: see {@link StateWalTruncation}).
 */
record WalTruncationScenario() implements Scenario {
  /** Logs the short form must really cut (see {@link #shortFormDone}). */
  static final int SHORT_FORM_CUTS = 2;

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

  /**
   * Three faults, of which at least {@value #SHORT_FORM_CUTS} cut a log: right after a data
   * checkpoint flushed the stores their WALs are empty and there is nothing to cut (counted
   * apart), which happened to all three faults of one CI run. Gives up after 12 faults.
   */
  @Override
  public boolean shortFormDone(ScenarioStats stats) {
    return stats.faults() >= 12
        || (stats.faults() >= shortFormFaults() && stats.faults(StateWalTruncation.LABEL) >= SHORT_FORM_CUTS);
  }
}

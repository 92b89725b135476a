package io.tidemark.chaos;

import java.util.Random;

/**
 * Scenario 4: {@code kill -9} after two new batches, then the newest metadata checkpoint is corrupted
 * — a byte flipped, truncated, emptied, in turn.
 */
record MetadataCorruptionScenario() implements Scenario {
  @Override
  public String name() {
    return "4 metadata corrupted";
  }

  @Override
  public Fault fault(int attempt, Random random) {
    MetadataCorruption.Kind[] kinds = MetadataCorruption.Kind.values();
    // two new batches: a metadata checkpoint is named by the newest batch time it records, so only
    // a second batch leaves an older checkpoint to fall back to
    return Fault.of(new KillAfterNewBatch(1000, 2), new MetadataCorruption(kinds[attempt % kinds.length]));
  }

  @Override
  public int shortFormFaults() {
    return MetadataCorruption.Kind.values().length;
  }

  @Override
  public void checkCoverage(ScenarioStats stats) {
    for (MetadataCorruption.Kind kind : MetadataCorruption.Kind.values()) {
      if (stats.faults(kind.label) == 0) {
        throw new AssertionError("never injected: " + kind.label);
      }
    }
  }
}

package io.tidemark.chaos;

import java.util.List;

/** Every scenario of this module, in table order. */
final class Scenarios {
  private Scenarios() {}

  static List<Scenario> all(JobShape shape) {
    return List.of(new RandomKillScenario(shape), new CrashPointScenario(), new GracefulStopScenario(),
        new MetadataCorruptionScenario(), new WalTruncationScenario(), new LocalStateLossScenario());
  }
}

package io.tidemark.chaos;

import java.util.List;

/**
 * One fault injected into one run of the job: the strike that ends the run, then the damage (if
 * any) done to its files before the next run.
 */
record Fault(Strike strike, List<Damage> damages) {

  /** A fault that only ends the run. */
  static Fault of(Strike strike) {
    return new Fault(strike, List.of());
  }

  /** A fault that ends the run, then damages its files. */
  static Fault of(Strike strike, Damage damage) {
    return new Fault(strike, List.of(damage));
  }
}

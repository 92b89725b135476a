package io.tidemark.chaos;

import java.io.IOException;
import java.util.Random;

/**
 * What a fault does to the job's files after a run ended and before the next one starts:
 * corrupt a metadata checkpoint, truncate a log, delete the local state.
 */
interface Damage {
  /** The label counted in the summary table, e.g. {@code metadata byte flipped}. */
  String label();

  /**
   * Damages the files of {@code dirs}.
   *
   * @throws IllegalStateException if there is nothing of the kind to damage (the scenario's strike
   *     must leave something behind)
   */
  void apply(JobDirs dirs, Random random) throws IOException;
}

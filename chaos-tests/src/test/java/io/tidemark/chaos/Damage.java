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
   * @return true if it damaged something; false if there was nothing of its kind (e.g. an empty
   *     log right after a flush), counted apart as {@code <label> (nothing to damage)}
   * @throws IllegalStateException if the files are not what the scenario's strike must leave
   */
  boolean apply(JobDirs dirs, Random random) throws IOException;
}

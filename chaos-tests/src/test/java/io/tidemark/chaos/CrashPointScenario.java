package io.tidemark.chaos;

import io.tidemark.streaming.scheduler.CrashPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Scenario 2: a halt at every named crash point of the engine in turn ({@link CrashAt}), at a
 * random occurrence of the point within the run. {@link CrashPoint#DURING_WAL_WRITE} is reached
 * only by a receiver writing its WAL; the flights job has none (replay source), so a run armed
 * with it finishes — the scenario checks that it did and notes it; the receiver job covers it.
 */
record CrashPointScenario() implements Scenario {
  /**
   * The order in which points are armed; {@code DURING_WAL_WRITE} sits mid-list, so the run it
   * lets finish ends the first episode and the second episode starts from a fresh directory.
   */
  static final List<CrashPoint> ORDER = List.of(CrashPoint.AFTER_ALLOCATION, CrashPoint.IN_TASK,
      CrashPoint.AFTER_STATE_COMMIT, CrashPoint.DURING_WAL_WRITE, CrashPoint.BEFORE_METADATA_CHECKPOINT,
      CrashPoint.DURING_DATA_CHECKPOINT, CrashPoint.AFTER_CHECKPOINT_BEFORE_CLEANUP);

  @Override
  public String name() {
    return "2 crash points";
  }

  @Override
  public Fault fault(int attempt, Random random) {
    CrashPoint point = ORDER.get(attempt % ORDER.size());
    return Fault.of(new CrashAt(point, 1 + random.nextInt(maxOccurrence(point))));
  }

  /**
   * How many times a run reaches {@code point} early on: once per batch for the scheduler's
   * points, once per task of each of the two stateful operators (4 a batch with 2 partitions) for
   * the task points, twice per data checkpoint (every 4 batches in the short form) for the upload.
   */
  private static int maxOccurrence(CrashPoint point) {
    return switch (point) {
      case IN_TASK, AFTER_STATE_COMMIT -> 16;
      case DURING_DATA_CHECKPOINT -> 3;
      default -> 5;
    };
  }

  @Override
  public int shortFormFaults() {
    return ORDER.size() - 1;
  }

  /**
   * Once every point but {@code DURING_WAL_WRITE} struck, or after three times the faults (then
   * coverage fails). A point armed late in an episode can find fewer batches left than its
   * occurrence and let the run finish (the input ends): the next cycle through {@link #ORDER}
   * arms it again, in another episode.
   */
  @Override
  public boolean shortFormDone(ScenarioStats stats) {
    return stats.faults() >= 3 * shortFormFaults()
        || stats.faults() >= shortFormFaults() && missed(stats).isEmpty();
  }

  private static List<CrashPoint> missed(ScenarioStats stats) {
    List<CrashPoint> missed = new ArrayList<>();
    for (CrashPoint p : ORDER) {
      if (p != CrashPoint.DURING_WAL_WRITE && stats.faults(CrashAt.label(p)) == 0) {
        missed.add(p);
      }
    }
    return missed;
  }

  @Override
  public void checkCoverage(ScenarioStats stats) {
    List<CrashPoint> missed = missed(stats);
    if (!missed.isEmpty()) {
      throw new AssertionError("crash points never struck: " + missed);
    }
    String wal = CrashAt.label(CrashPoint.DURING_WAL_WRITE);
    if (stats.faults(wal) > 0) {
      throw new AssertionError("the flights job reached DURING_WAL_WRITE, which needs a receiver: update this scenario");
    }
    if (stats.finishedFirst(wal) > 0) {
      stats.note("DURING_WAL_WRITE never reached (" + stats.finishedFirst(wal) + " runs armed with it exited 0): the "
          + "flights job reads the replay source and has no receiver, so it writes no receiver WAL");
    }
  }
}

package io.tidemark.chaos;

import io.tidemark.cli.flights.FlightSocketSender;
import io.tidemark.streaming.scheduler.CrashPoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * Scenario 8: the receiver job ({@code tidemark run flights --source socket}, the WAL on) fed by a
 * {@link FlightSocketSender} in this JVM, which only forgets records the job acknowledged and
 * resends the rest from the {@code FROM} a reconnecting job asks for. Faults: {@code kill -9} at
 * random instants, and every fourth, starting with the first, a halt at {@link
 * CrashPoint#DURING_WAL_WRITE} (a block in the receiver's WAL, not yet in the tracker's log). The
 * first run of the first episode has the whole input ahead of it (some 50 blocks at the short
 * form's rate), so the first halt always strikes; a later one may find the input nearly spent and
 * the job finished before its N-th WAL write, and the short form then goes on until one struck. Every record must be counted exactly once: the
 * final {@code origin-stats} equals the direct aggregate (outputs per batch are not compared: a
 * receiver's batches hold what arrived in them), and the sender refuses, and so fails the run, a
 * {@code FROM} below what the job acknowledged (an acknowledged record lost).
 *
 * <p>Close it after use: it owns the current episode's sender.
 */
final class ReceiverJobScenario implements Scenario, AutoCloseable {
  /** Records the sender keeps in flight, unacknowledged. */
  private static final int WINDOW = 5_000;
  static final int SHORT_FORM_FAULTS = 8;

  private final JobShape shape;
  private FlightSocketSender sender;

  ReceiverJobScenario(JobShape shape) {
    this.shape = shape;
  }

  @Override
  public String name() {
    return "8 receiver job kill -9";
  }

  @Override
  public synchronized JobDirs dirs(Path root) throws IOException {
    close();
    sender = FlightSocketSender.start(shape.openInput(), 0, WINDOW);
    return JobDirs.under(root).receivingFrom(sender.port());
  }

  @Override
  public Fault fault(int attempt, Random random) {
    if (attempt % 4 == 0) {
      return Fault.of(new CrashAt(CrashPoint.DURING_WAL_WRITE, 1 + random.nextInt(8)));
    }
    return Fault.of(new KillAtRandomInstant(300, shape.killWindow().toMillis()));
  }

  @Override
  public int shortFormFaults() {
    return SHORT_FORM_FAULTS;
  }

  /** Enough faults and at least one halt during a WAL write, or twice the faults (then coverage fails). */
  @Override
  public boolean shortFormDone(ScenarioStats stats) {
    return stats.faults() >= 2 * SHORT_FORM_FAULTS
        || stats.faults() >= SHORT_FORM_FAULTS && stats.faults(CrashAt.label(CrashPoint.DURING_WAL_WRITE)) > 0;
  }

  @Override
  public void checkCoverage(ScenarioStats stats) {
    if (stats.faults(CrashAt.label(CrashPoint.DURING_WAL_WRITE)) == 0) {
      throw new AssertionError("the receiver job never halted at " + CrashPoint.DURING_WAL_WRITE);
    }
  }

  @Override
  public synchronized void close() {
    if (sender != null) {
      sender.close();
      sender = null;
    }
  }
}

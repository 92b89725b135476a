package io.tidemark.chaos;

import io.tidemark.streaming.scheduler.CrashPoint;
import io.tidemark.streaming.scheduler.FaultInjection;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * A crash at a named point inside the engine: the child runs with {@code
 * -Dtidemark.faultInjection.crashAt=POINT:N} and halts ({@code Runtime.halt(137)}, like {@code
 * kill -9}) the {@code occurrence}-th time it reaches the point.
 */
record CrashAt(CrashPoint point, int occurrence) implements Strike {
  /** The exit code of a halt at a crash point. */
  static final int HALT_EXIT_CODE = 137;

  static String label(CrashPoint point) {
    return "crash " + point;
  }

  @Override
  public String label() {
    return label(point);
  }

  @Override
  public List<String> jvmOptions() {
    return List.of("-D" + FaultInjection.PROPERTY + "=" + point + ":" + occurrence);
  }

  @Override
  public boolean strike(TidemarkChild child, Random random, Duration runTimeout) throws InterruptedException {
    int exitCode = child.awaitExit(runTimeout);
    if (exitCode != HALT_EXIT_CODE) {
      return false; // the job finished (or failed) before reaching the point N times
    }
    if (!point.name().equals(child.haltedAt())) {
      throw new AssertionError("armed with " + point + ":" + occurrence + ", the child exited " + exitCode
          + " but logged a halt at " + child.haltedAt() + "; log " + child.log() + ":\n" + child.tail(60));
    }
    return true;
  }
}

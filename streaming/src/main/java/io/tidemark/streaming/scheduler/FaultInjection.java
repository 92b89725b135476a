package io.tidemark.streaming.scheduler;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Crashes the engine at a named {@link CrashPoint}, for fault-tolerance tests only.
 *
 * <p>Armed either programmatically ({@link #arm}) or by the system property {@value #PROPERTY}
 * = {@code POINT[:N]} (e.g. {@code AFTER_STATE_COMMIT:3}: the third time the point is reached),
 * which production runs never set. The crash is {@code Runtime.halt(137)} — like {@code kill -9}:
 * no shutdown hook, no flush — or, in {@link Mode#THROW} (in-process tests), a {@link
 * SimulatedCrash} error that fails the batch and stops the context. Disarmed, {@link #reached}
 * costs one volatile read.
 */
public final class FaultInjection {
  /** The system property that arms a crash point in a child process. */
  public static final String PROPERTY = "tidemark.faultInjection.crashAt";

  /** How the engine crashes. */
  public enum Mode {
    /** {@code Runtime.halt(137)}: the process dies at once, as with {@code kill -9}. */
    HALT,
    /** Throw {@link SimulatedCrash} (for in-process tests). */
    THROW
  }

  /** The error thrown at an armed point in {@link Mode#THROW}. */
  public static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(CrashPoint point) {
      super("simulated crash at " + point);
    }
  }

  private static volatile CrashPoint armed;
  private static volatile Mode mode = Mode.HALT;
  private static final AtomicInteger remaining = new AtomicInteger();

  static {
    String spec = System.getProperty(PROPERTY);
    if (spec != null && !spec.isBlank()) {
      String[] parts = spec.trim().split(":");
      arm(CrashPoint.valueOf(parts[0].toUpperCase(Locale.ROOT)), parts.length > 1 ? Integer.parseInt(parts[1]) : 1, Mode.HALT);
    }
  }

  private FaultInjection() {}

  /** Crashes the {@code occurrence}-th time {@code point} is reached (1 = the first time). */
  public static synchronized void arm(CrashPoint point, int occurrence, Mode how) {
    if (occurrence < 1) {
      throw new IllegalArgumentException("occurrence must be >= 1, got " + occurrence);
    }
    remaining.set(occurrence);
    mode = how;
    armed = point;
  }

  /** Disarms any crash point. */
  public static synchronized void disarm() {
    armed = null;
  }

  /** Marks that the engine reached {@code point}; crashes there if armed and due. */
  public static void reached(CrashPoint point) {
    if (armed != point) {
      return;
    }
    if (remaining.decrementAndGet() != 0) {
      return;
    }
    armed = null;
    if (mode == Mode.HALT) {
      System.err.println("tidemark: fault injection: halting at " + point);
      System.err.flush();
      Runtime.getRuntime().halt(137);
    }
    throw new SimulatedCrash(point);
  }
}

package io.tidemark.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The summary table of every scenario run in this JVM: scenario, faults injected by kind,
 * episodes, restarts, records, recovery time median and max (ms), mismatches. Printed to stdout
 * and written to {@code target/chaos/summary.txt} by {@link ChaosSummaryExtension} when the test
 * run ends.
 */
final class ChaosSummary {
  private static final List<ScenarioStats> SCENARIOS = new ArrayList<>();

  private ChaosSummary() {}

  /** Adds a scenario's row (its stats may still change until the table is printed). */
  static synchronized void add(ScenarioStats stats) {
    SCENARIOS.add(stats);
  }

  static synchronized boolean isEmpty() {
    return SCENARIOS.isEmpty();
  }

  /** The table as text. */
  static synchronized String table(String title) {
    StringBuilder sb = new StringBuilder();
    sb.append(title).append('\n');
    String format = "%-24s %-16s %5s %8s %11s %7s %8s %8s %10s %6s  %s%n";
    sb.append(String.format(format, "scenario", "seed", "eps", "restarts", "records", "faults", "rec.med", "rec.max",
        "mismatches", "stale", "faults by kind"));
    int faults = 0;
    int restarts = 0;
    long records = 0;
    int mismatches = 0;
    int stale = 0;
    long wall = 0;
    for (ScenarioStats s : SCENARIOS) {
      sb.append(String.format(format, s.scenario(), s.seed(), s.episodes(), s.restarts(),
          String.format("%,d", s.records()), s.faults(), ms(s.recoveryMedianMillis()), ms(s.recoveryMaxMillis()),
          s.mismatches().size(), s.staleRerunOutputs().size(), s.faultsByKind()));
      faults += s.faults();
      restarts += s.restarts();
      records += s.records();
      mismatches += s.mismatches().size();
      stale += s.staleRerunOutputs().size();
      wall += s.wallMillis();
    }
    sb.append(String.format(format, "total", "", "", restarts, String.format("%,d", records), faults, "", "",
        mismatches, stale, String.format("wall time %.1f min", wall / 60_000.0)));
    sb.append("eps: episodes (checkpoint directories run to the end and verified); records: input records verified; "
        + "rec.med/rec.max: recovery ms, child process start to its first new batch completed; stale: outputs of "
        + "batches re-run from a state store already past them that differ (mismatches too, see chaos-tests/README.md)\n");
    for (ScenarioStats s : SCENARIOS) {
      for (String note : s.notes()) {
        sb.append("note ").append(s.scenario()).append(": ").append(note).append('\n');
      }
      if (s.failure() != null) {
        sb.append("FAILED ").append(s.scenario()).append(": ").append(s.failure()).append('\n');
      }
      for (String m : s.staleRerunOutputs()) {
        sb.append("STALE ").append(s.scenario()).append(": ").append(m).append('\n');
      }
      for (String m : s.mismatches()) {
        sb.append("MISMATCH ").append(s.scenario()).append(": ").append(m).append('\n');
      }
    }
    return sb.toString();
  }

  private static String ms(long millis) {
    return millis < 0 ? "-" : Long.toString(millis);
  }

  /** Prints the table and appends it to {@code file}. */
  static synchronized void print(String title, Path file) {
    String table = table(title);
    System.out.println();
    System.out.print(table);
    System.out.flush();
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, table + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

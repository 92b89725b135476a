package io.tidemark.chaos;

import io.tidemark.streaming.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The settings of a chaos run, from system properties (Maven passes {@code -D} options on to the
 * test JVM):
 *
 * <ul>
 *   <li>{@value #SEED}: the seed of every random choice (fault instants, crash occurrences,
 *       corrupted bytes); printed in the summary, set it to replay a run. Default: the clock.
 *   <li>{@value #SOAK}: a duration ({@code 30m}, {@code 1h}) runs the soak instead of the short
 *       form: every scenario again and again on {@code flights-3m}, until the time is up.
 *   <li>{@value #FAULTS}: the soak stops after this many faults instead (or whichever comes
 *       first with {@value #SOAK}).
 *   <li>{@value #STRICT_OUTPUTS}: {@code true} (the default) counts outputs of batches re-run
 *       from a state store already past them that differ from the failure-free run as
 *       mismatches; {@code false} lists them apart (see the module's README).
 *   <li>{@value #INPUT}: the soak's input (default {@code data/flights-3m.parquet}, fetched by
 *       {@code scripts/fetch-flights.sh}).
 * </ul>
 *
 * @param seed the seed of every random choice
 * @param soak the soak's duration, empty for the short form (unless {@code soakFaults} is set)
 * @param soakFaults the soak's number of faults, empty for no bound
 * @param soakInput the soak's input file
 * @param strictOutputs whether stale re-run outputs count as mismatches
 */
record ChaosSettings(long seed, Optional<Duration> soak, OptionalInt soakFaults, Path soakInput,
    boolean strictOutputs) {
  static final String SEED = "tidemark.chaos.seed";
  static final String SOAK = "tidemark.chaos.soak";
  static final String FAULTS = "tidemark.chaos.faults";
  static final String INPUT = "tidemark.chaos.input";
  static final String STRICT_OUTPUTS = "tidemark.chaos.strictOutputs";

  private static final long DEFAULT_SEED = System.currentTimeMillis();

  static ChaosSettings fromSystemProperties() {
    String soak = System.getProperty(SOAK, "");
    String faults = System.getProperty(FAULTS, "");
    String input = System.getProperty(INPUT, "");
    return new ChaosSettings(Long.getLong(SEED, DEFAULT_SEED),
        soak.isBlank() ? Optional.empty() : Optional.of(Durations.parse(soak.trim())),
        faults.isBlank() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(faults.trim())),
        input.isBlank() ? repositoryRoot().resolve("data").resolve("flights-3m.parquet") : Path.of(input.trim()),
        Boolean.parseBoolean(System.getProperty(STRICT_OUTPUTS, "true")));
  }

  /** Whether this run is a soak rather than the short form. */
  boolean isSoak() {
    return soak.isPresent() || soakFaults.isPresent();
  }

  /** The job's shape: the bundled sample in the short form, {@link #soakInput} in the soak. */
  JobShape shape() {
    return isSoak() ? JobShape.soak(soakInput) : JobShape.shortForm();
  }

  /** The seed of one scenario: the run's seed mixed with the scenario's name. */
  long seedOf(String scenario) {
    return seed * 31 + scenario.hashCode();
  }

  String describe() {
    return (isSoak() ? "soak " + soak.map(Durations::format).orElse("")
        + soakFaults.stream().mapToObj(n -> " " + n + " faults").findFirst().orElse("") : "short form")
        + ", seed " + seed + ", " + shape().describe();
  }

  /** Where episodes, logs and the summary go: {@code chaos-tests/target/chaos}. */
  static Path workRoot() {
    return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target").resolve("chaos");
  }

  /** The repository's root: the nearest parent of the working directory holding {@code bin/tidemark}. */
  static Path repositoryRoot() {
    Path dir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("bin").resolve("tidemark"))) {
        return p;
      }
    }
    return dir;
  }
}

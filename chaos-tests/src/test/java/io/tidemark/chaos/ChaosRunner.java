package io.tidemark.chaos;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * Plays scenarios: episodes of restarts under faults (see {@link Episode}), each verified at its
 * end ({@link EpisodeCheck}) against the direct aggregate and the failure-free run ({@link
 * ReferenceRun}). The short form plays one scenario until its short-form faults are injected;
 * the soak plays every scenario in turn, an episode each, until its time or faults are spent.
 */
final class ChaosRunner {
  /** Episodes in a row without a fault before the runner gives up (the job outruns the faults). */
  private static final int MAX_IDLE_EPISODES = 3;

  private final ChaosSettings settings;
  private final JobShape shape;

  ChaosRunner(ChaosSettings settings) {
    this.settings = settings;
    this.shape = settings.shape();
  }

  /** The runner of this JVM's settings ({@link ChaosSettings#fromSystemProperties}). */
  static ChaosRunner fromSystemProperties() {
    return new ChaosRunner(ChaosSettings.fromSystemProperties());
  }

  ChaosSettings settings() {
    return settings;
  }

  /** A scenario's row of the summary table, registered with {@link ChaosSummary}. */
  ScenarioStats newStats(Scenario scenario) {
    ScenarioStats stats = new ScenarioStats(scenario.name(), settings.seedOf(scenario.name()));
    ChaosSummary.add(stats);
    return stats;
  }

  /**
   * The short form of {@code scenario}: episodes until {@link Scenario#shortFormDone} (by default:
   * {@link Scenario#shortFormFaults()} faults
   * struck, then its coverage check.
   *
   * @return the scenario's stats (mismatches are recorded there, not thrown: see {@link
   *     #assertNoMismatch})
   * @throws AssertionError if a run failed, or the scenario's coverage check fails
   */
  ScenarioStats shortForm(Scenario scenario) throws IOException, InterruptedException {
    ScenarioStats stats = newStats(scenario);
    Random random = new Random(stats.seed());
    System.out.printf("chaos: scenario %s, seed %d (replay with -D%s=%d), %s%n", scenario.name(), stats.seed(),
        ChaosSettings.SEED, settings.seed(), shape.describe());
    long start = System.nanoTime();
    try {
      ReferenceRun reference = ReferenceRun.of(shape);
      int[] attempts = {0};
      int idle = 0;
      for (int episode = 0; !scenario.shortFormDone(stats); episode++) {
        int before = stats.faults();
        playEpisode(scenario, stats, random, reference, episode, attempts,
            Math.max(1, scenario.shortFormFaults() - before),
            Optional.empty());
        idle = stats.faults() == before ? idle + 1 : 0;
        if (idle >= MAX_IDLE_EPISODES) {
          throw new AssertionError(scenario.name() + ": " + idle + " episodes in a row ended before any fault struck");
        }
      }
      scenario.checkCoverage(stats);
      return stats;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      stats.failed(e);
      throw e;
    } finally {
      stats.addWallMillis((System.nanoTime() - start) / 1_000_000);
    }
  }

  /**
   * The soak: every scenario in turn, one episode each (faults until its job finishes), until the
   * soak's duration or fault count is spent; an episode under way when it is spent is finished
   * and verified. Passed episodes' directories are deleted to keep the disk bounded.
   */
  List<ScenarioStats> soak(List<Scenario> scenarios) throws IOException, InterruptedException {
    List<ScenarioStats> all = scenarios.stream().map(this::newStats).toList();
    List<Random> randoms = all.stream().map(s -> new Random(s.seed())).toList();
    int[][] attempts = new int[scenarios.size()][1];
    Optional<Instant> deadline = settings.soak().map(d -> Instant.now().plus(d));
    int maxFaults = settings.soakFaults().orElse(Integer.MAX_VALUE);
    System.out.printf("chaos: %s%n", settings.describe());
    ReferenceRun reference = ReferenceRun.of(shape);
    for (int episode = 0; ; episode++) {
      for (int i = 0; i < scenarios.size(); i++) {
        int total = all.stream().mapToInt(ScenarioStats::faults).sum();
        if (total >= maxFaults || deadline.map(Instant.now()::isAfter).orElse(false)) {
          return all;
        }
        ScenarioStats stats = all.get(i);
        long start = System.nanoTime();
        try {
          playEpisode(scenarios.get(i), stats, randoms.get(i), reference, episode, attempts[i], maxFaults - total,
              deadline);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
          stats.failed(e);
          throw e;
        } finally {
          stats.addWallMillis((System.nanoTime() - start) / 1_000_000);
        }
        System.out.printf("chaos: %s episode %d done: %d faults so far, %d mismatches%n", stats.scenario(), episode,
            stats.faults(), stats.mismatches().size());
      }
    }
  }

  /**
   * One episode: faults until {@code maxFaults} struck, the deadline passed or the job finished;
   * then the job runs to its end and the result is verified.
   *
   * @param attempts the scenario's count of faults tried so far (struck or not), advanced here
   */
  private void playEpisode(Scenario scenario, ScenarioStats stats, Random random, ReferenceRun reference, int n,
      int[] attempts, int maxFaults, Optional<Instant> deadline) throws IOException, InterruptedException {
    Path root = ChaosSettings.workRoot().resolve(slug(scenario.name())).resolve("episode-" + n);
    Episode episode = new Episode(scenario.dirs(root), shape, stats);
    int struck = 0;
    while (struck < maxFaults && !deadline.map(Instant.now()::isAfter).orElse(false)) {
      Fault fault = scenario.fault(attempts[0], random);
      boolean goesOn = episode.run(fault, random);
      if (!episode.lastRunFailed()) {
        attempts[0]++; // a run that failed on its own did not get its fault: try the same kind again
      }
      if (!goesOn) {
        break;
      }
      struck++;
    }
    episode.finish();
    OutputComparison.Result result = EpisodeCheck.verify(episode.dirs(), shape, reference, episode.staleReruns());
    List<String> mismatches = new java.util.ArrayList<>(result.mismatches());
    if (settings.strictOutputs()) {
      mismatches.addAll(result.staleReruns());
    } else {
      result.staleReruns().forEach(m -> stats.staleRerunOutput("episode " + n + " (" + root + "): " + m));
    }
    mismatches.forEach(m -> stats.mismatch("episode " + n + " (" + root + "): " + m));
    stats.episodeVerified(DirectAggregate.of(shape).records());
    if (mismatches.isEmpty() && settings.isSoak()) {
      JobDirs.deleteRecursively(root);
    }
  }

  /**
   * Runs the short form of the scenario {@code make} builds for this JVM's job shape and fails on
   * any mismatch; skipped (a JUnit assumption) in a soak, which {@code ChaosSoakTest} runs.
   */
  static ScenarioStats runShortForm(java.util.function.Function<JobShape, Scenario> make)
      throws IOException, InterruptedException {
    ChaosRunner runner = fromSystemProperties();
    org.junit.jupiter.api.Assumptions.assumeFalse(runner.settings().isSoak(), "a soak runs ChaosSoakTest only");
    ScenarioStats stats = runner.shortForm(make.apply(runner.shape));
    assertNoMismatch(stats);
    return stats;
  }

  /** Fails with every mismatch of {@code stats}, if any. */
  static void assertNoMismatch(ScenarioStats stats) {
    if (!stats.mismatches().isEmpty()) {
      throw new AssertionError(stats.scenario() + ": " + stats.mismatches().size() + " mismatches (seed "
          + stats.seed() + "):\n" + String.join("\n", stats.mismatches()));
    }
  }

  private static String slug(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }
}

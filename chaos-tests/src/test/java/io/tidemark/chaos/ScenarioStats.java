package io.tidemark.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one scenario did and found: faults injected by kind, episodes (checkpoint directories run
 * to the end), restarts, input records verified, recovery times (ms, process start → first new
 * batch completed) and mismatches against the expected result. Thread-safe.
 */
final class ScenarioStats {
  private final String scenario;
  private final long seed;
  private final Map<String, Integer> faults = new TreeMap<>();
  private final Map<String, Integer> finishedFirst = new TreeMap<>();
  private final List<Long> recoveryMillis = new ArrayList<>();
  private final List<String> mismatches = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> staleRerunOutputs = new ArrayList<>();
  private int injected;
  private int episodes;
  private int restarts;
  private long records;
  private long wallMillis;
  private String failure;

  ScenarioStats(String scenario, long seed) {
    this.scenario = scenario;
    this.seed = seed;
  }

  String scenario() {
    return scenario;
  }

  long seed() {
    return seed;
  }

  /** A fault struck: its strike's and damages' labels are counted by kind. */
  synchronized void injected(java.util.List<String> labels) {
    injected++;
    labels.forEach(l -> faults.merge(l, 1, Integer::sum));
  }

  /** A run armed with a fault finished on its own before the fault struck. */
  synchronized void countFinishedFirst(String label) {
    finishedFirst.merge(label, 1, Integer::sum);
  }

  /** Runs ended by a fault (a strike, plus its damages, counts once). */
  synchronized int faults() {
    return injected;
  }

  /** Runs armed with {@code label} that finished before it struck. */
  synchronized int finishedFirst(String label) {
    return finishedFirst.getOrDefault(label, 0);
  }

  /** Faults of one kind. */
  synchronized int faults(String label) {
    return faults.getOrDefault(label, 0);
  }

  /** e.g. {@code kill -9 ×20} or {@code metadata emptied ×2, metadata byte flipped ×2, kill -9 ×4}. */
  synchronized String faultsByKind() {
    return faults.entrySet().stream().map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", "));
  }

  synchronized void episodeVerified(long inputRecords) {
    episodes++;
    records += inputRecords;
  }

  synchronized void restarted() {
    restarts++;
  }

  synchronized void recovered(long millis) {
    recoveryMillis.add(millis);
  }

  synchronized void mismatch(String message) {
    mismatches.add(message);
  }

  /** An output of a batch re-run from a store already past it that differs (counted as a mismatch too unless -Dtidemark.chaos.strictOutputs=false). */
  synchronized void staleRerunOutput(String message) {
    staleRerunOutputs.add(message);
  }

  synchronized List<String> staleRerunOutputs() {
    return List.copyOf(staleRerunOutputs);
  }

  synchronized void note(String message) {
    if (!notes.contains(message)) {
      notes.add(message);
    }
  }

  synchronized void failed(Throwable e) {
    failure = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
  }

  synchronized void addWallMillis(long millis) {
    wallMillis += millis;
  }

  synchronized int episodes() {
    return episodes;
  }

  synchronized int restarts() {
    return restarts;
  }

  synchronized long records() {
    return records;
  }

  synchronized long wallMillis() {
    return wallMillis;
  }

  synchronized List<String> mismatches() {
    return List.copyOf(mismatches);
  }

  synchronized List<String> notes() {
    return List.copyOf(notes);
  }

  synchronized String failure() {
    return failure;
  }

  /** Median recovery time in ms, or -1 without a recovery. */
  synchronized long recoveryMedianMillis() {
    if (recoveryMillis.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(recoveryMillis);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /** Longest recovery time in ms, or -1 without a recovery. */
  synchronized long recoveryMaxMillis() {
    return recoveryMillis.stream().mapToLong(Long::longValue).max().orElse(-1);
  }

  /** Recoveries measured. */
  synchronized int recoveries() {
    return recoveryMillis.size();
  }
}

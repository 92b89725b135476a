package io.tidemark.checkpoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A published file name {@code <prefix>-<version>-e<epoch>} (metadata checkpoints:
 * {@code checkpoint-<batchTimeMs>-e<epoch>}; manifests: {@code manifest-<version>-e<epoch>}),
 * and the <b>epoch rule</b> that decides which names a reader may take:
 *
 * <blockquote>A file of version {@code v} and epoch {@code e} is <em>superseded</em>, and
 * ignored, if a file of the same kind exists with an epoch {@code e' > e} and a version
 * {@code v' <= v}. Among the others the highest version wins, and at equal versions the higher
 * epoch.</blockquote>
 *
 * <p>Why: a writer of epoch {@code e'} took over the directory and resumed from a version below
 * {@code v'}; any file of an older epoch at a version {@code >= v'} was therefore written after
 * the takeover, by a zombie (a writer thought dead that finished a late upload), and never
 * belongs to the job's lineage. Files of older epochs at lower versions stay usable as
 * fallbacks. Whether the newer file itself is valid does not matter: its name is the evidence.
 *
 * <p>{@link #equals} and {@link #hashCode} are written out, so that listing a checkpoint
 * directory at start does not bootstrap a record's generated ones ({@code ObjectMethods}, tens of
 * milliseconds in a fresh JVM).
 *
 * @param version the version (a batch time in ms for both kinds)
 * @param epoch the writer's epoch, {@code >= 1}
 * @param name the file name
 */
record VersionedName(long version, long epoch, String name) {

  /** Newest first: version descending, then epoch descending. */
  static final Comparator<VersionedName> NEWEST_FIRST = Comparator
      .comparingLong(VersionedName::version).thenComparingLong(VersionedName::epoch).reversed();

  /** The name of a file of this kind. */
  static String format(String prefix, long version, long epoch) {
    return prefix + "-" + version + "-e" + epoch;
  }

  /** Parses a name of the given prefix; empty for any other name (temporary names included). */
  static Optional<VersionedName> parse(String prefix, String name) {
    Matcher m = Pattern.compile(Pattern.quote(prefix) + "-(-?\\d{1,19})-e(\\d{1,19})").matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new VersionedName(Long.parseLong(m.group(1)),
          Long.parseLong(m.group(2)), name));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VersionedName v && v.version == version && v.epoch == epoch
        && v.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  /** Whether {@code other} supersedes this name under the epoch rule. */
  boolean isSupersededBy(VersionedName other) {
    return other.epoch > epoch && other.version <= version;
  }

  /** The names of {@code all} not superseded by another, newest first. */
  static List<VersionedName> effective(List<VersionedName> all) {
    List<VersionedName> kept = new ArrayList<>();
    for (VersionedName candidate : all) {
      boolean superseded = false;
      for (VersionedName other : all) {
        if (candidate.isSupersededBy(other)) {
          superseded = true;
          break;
        }
      }
      if (!superseded) {
        kept.add(candidate);
      }
    }
    kept.sort(NEWEST_FIRST);
    return kept;
  }
}

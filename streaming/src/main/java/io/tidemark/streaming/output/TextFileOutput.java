package io.tidemark.streaming.output;

import io.tidemark.streaming.Batch;
import io.tidemark.streaming.Time;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@code saveAsTextFiles}: writes every batch to the directory {@code prefix-<batchTimeMs>}
 * (plus {@code .suffix} when given), one file {@code part-NNNNN} per partition holding each
 * element's {@code toString()} on a line, UTF-8.
 *
 * <p>Idempotent per batch time: the files are written into a hidden temporary directory
 * ({@code _temporary-…}) beside the target, which is then renamed onto the target, so a reader
 * never sees a half-written directory under the final name. Writing a time again replaces its
 * output, except for the times {@code keepExisting} names (the engine passes the batches a restart
 * runs again): there an existing output, complete because it was renamed into place, is kept and
 * the new one discarded. Partitions are written in parallel.
 */
public final class TextFileOutput<T> implements BiConsumer<Batch<T>, Time> {
  private final String prefix;
  private final String suffix;
  private final Predicate<Time> keepExisting;

  /**
   * As {@link #TextFileOutput(String, String, Predicate)} replacing every existing output.
   */
  public TextFileOutput(String prefix, String suffix) {
    this(prefix, suffix, time -> false);
  }

  /**
   * @param prefix path prefix of the output directories (its parent is created)
   * @param suffix optional suffix (null or empty for none)
   * @param keepExisting the batch times whose existing output is kept rather than replaced
   */
  public TextFileOutput(String prefix, String suffix, Predicate<Time> keepExisting) {
    this.prefix = prefix;
    this.suffix = suffix == null ? "" : suffix;
    this.keepExisting = keepExisting;
  }

  /** The output directory of {@code time}. */
  public Path directoryOf(Time time) {
    return Path.of(prefix + "-" + time.milliseconds() + (suffix.isEmpty() ? "" : "." + suffix));
  }

  @Override
  public void accept(Batch<T> batch, Time time) {
    Path target = directoryOf(time).toAbsolutePath();
    if (keepExisting.test(time) && Files.isDirectory(target)) {
      return;
    }
    Path parent = target.getParent();
    Path temp = parent.resolve("_temporary-" + target.getFileName() + "-" + randomSuffix());
    try {
      Files.createDirectories(temp);
      batch.foreachPartition((p, it) -> {
        Path file = temp.resolve(String.format("part-%05d", p));
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
          while (it.hasNext()) {
            w.write(String.valueOf(it.next()));
            w.newLine();
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
      });
      publish(temp, target);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new UncheckedIOException("cannot save batch " + time + " to " + target + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(temp);
      throw e;
    }
  }

  private static void publish(Path temp, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      // A re-run of the batch: move the previous output aside, then replace it.
      old = target.resolveSibling("_replaced-" + target.getFileName() + "-" + randomSuffix());
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target);
    }
    if (old != null) {
      deleteQuietly(old);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a leftover hidden directory is ignored by readers
    }
  }

  /**
   * 64 random bits in hex (up to 16 digits) for a hidden name beside the target. From {@link ThreadLocalRandom}, not
   * a random UUID: the first UUID of a process seeds {@code SecureRandom} (40-50 ms, here in the
   * first batch's output), and the name needs only to differ from another writer's.
   */
  private static String randomSuffix() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong());
  }
}

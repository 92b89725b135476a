package io.tidemark.streaming.dstream;

import io.tidemark.streaming.Batch;
import io.tidemark.streaming.Time;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * {@code textFileStream}/{@code fileStream}: new files in a directory, with Spark's rules
 * ({@code FileInputDStream}). At batch time {@code t} a file is selected when it is a regular
 * file, passes the filter (by default: its name does not start with {@code .} or {@code _}),
 * its modification time lies in {@code [ignoreThreshold, t]}, and it was not selected before.
 * {@code ignoreThreshold} is the later of the start time (when only new files count) and
 * {@code t - rememberWindow}, where the remember window is at least 60 s rounded up to whole
 * batches. Files must be moved into the directory atomically (written elsewhere, then renamed),
 * as Spark requires; a file changed after it was selected is not read again. Every selected file
 * becomes one partition of lines (UTF-8).
 */
public final class FileInputNode extends InputNode<String> {
  private static final Duration MIN_REMEMBER = Duration.ofSeconds(60);
  private final Path directory;
  private final Predicate<Path> filter;
  private final boolean newFilesOnly;
  private final TreeMap<Time, List<Path>> allocated = new TreeMap<>();
  private final Map<String, Long> recentlySelected = new HashMap<>();
  private long initialIgnoreThreshold;

  public FileInputNode(DStreamGraph graph, Path directory, Predicate<Path> filter, boolean newFilesOnly) {
    super(graph);
    this.directory = directory;
    this.filter = filter != null ? filter : FileInputNode::isVisible;
    this.newFilesOnly = newFilesOnly;
  }

  /** The default filter: names not starting with {@code .} or {@code _} (temporary files). */
  public static boolean isVisible(Path p) {
    String name = p.getFileName().toString();
    return !name.startsWith(".") && !name.startsWith("_");
  }

  @Override
  public String kind() {
    return "textFileStream";
  }

  @Override
  public void start() {
    initialIgnoreThreshold = newFilesOnly ? graph.env().clock().getTimeMillis() : 0L;
  }

  private long rememberWindowMillis() {
    long batch = graph.batchDuration().toMillis();
    long batches = (MIN_REMEMBER.toMillis() + batch - 1) / batch;
    return batches * batch;
  }

  @Override
  public synchronized long allocate(Time time) {
    long now = time.milliseconds();
    long ignoreThreshold = Math.max(initialIgnoreThreshold, now - rememberWindowMillis());
    recentlySelected.values().removeIf(selectedAt -> selectedAt < now - rememberWindowMillis());
    List<Path> selected = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        BasicFileAttributes attrs;
        try {
          attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (java.nio.file.NoSuchFileException vanished) {
          continue;
        }
        long modTime = attrs.lastModifiedTime().toMillis();
        if (attrs.isRegularFile() && filter.test(file) && modTime >= ignoreThreshold && modTime <= now
            && !recentlySelected.containsKey(file.toString())) {
          selected.add(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the input directory " + directory + ": " + e.getMessage(), e);
    }
    selected.sort(null);
    for (Path p : selected) {
      recentlySelected.put(p.toString(), now);
    }
    allocated.put(time, selected);
    return selected.size();
  }

  @Override
  protected synchronized Optional<Batch<String>> compute(Time time) {
    List<Path> files = allocated.getOrDefault(time, List.of());
    List<List<String>> parts = new ArrayList<>(files.size());
    for (Path f : files) {
      try {
        parts.add(Files.readAllLines(f, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read input file " + f + ": " + e.getMessage(), e);
      }
    }
    return Optional.of(Batch.ofPartitions(graph.env().tasks(), parts));
  }

  @Override
  public synchronized void clearMetadata(Time time) {
    super.clearMetadata(time);
    allocated.headMap(time.minus(lineageDuration()), true).clear();
  }
}

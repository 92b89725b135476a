package io.tidemark.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/** Where benchmarks put their scratch files, and how they remove them. */
public final class BenchDirs {

  /** System property naming the scratch parent directory of every benchmark. */
  public static final String PROPERTY = "tidemark.bench.dir";

  private BenchDirs() {}

  /**
   * The parent of scratch directories: the system property {@value #PROPERTY} if set, else
   * {@code benchmarks/target/bench-tmp} of the repository found above the working directory,
   * else {@code target/bench-tmp} under the working directory. Created if missing.
   */
  public static Path scratchParent() {
    String configured = System.getProperty(PROPERTY);
    Path parent;
    if (configured != null && !configured.isBlank()) {
      parent = Path.of(configured);
    } else {
      parent = Path.of("target", "bench-tmp");
      for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
        if (Files.isRegularFile(p.resolve("benchmarks").resolve("pom.xml"))) {
          parent = p.resolve("benchmarks").resolve("target").resolve("bench-tmp");
          break;
        }
      }
    }
    try {
      return Files.createDirectories(parent.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new, empty directory under {@link #scratchParent()}. */
  public static Path newScratchDir(String prefix) {
    try {
      return Files.createTempDirectory(scratchParent(), prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code dir} and everything below it; a missing directory is fine. */
  public static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          if (e != null) {
            throw e;
          }
          Files.delete(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Bytes in the regular files under {@code dir}; 0 if it does not exist. */
  public static long sizeOf(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

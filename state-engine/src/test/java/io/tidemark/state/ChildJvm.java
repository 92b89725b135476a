package io.tidemark.state;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a test class's {@code main} on the test class path, with its output
 * (stdout and stderr) in a file. Its {@code java.io.tmpdir} ({@code <workDir>/child-tmp}) and
 * the cache of RocksDB's native library ({@code <workDir>/native-cache}, see {@code
 * RocksDbNativeLibrary}) are directories of the test.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Path output;

  private ChildJvm(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  static ChildJvm start(Path workDir, String maxHeap, Class<?> mainClass, String... args)
      throws IOException {
    Path tmp = Files.createDirectories(workDir.resolve("child-tmp"));
    Path output = workDir.resolve(mainClass.getSimpleName() + ".out");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + maxHeap,
        "-XX:+UseG1GC", // with G1, Runtime.maxMemory() is exactly -Xmx
        "-Djava.io.tmpdir=" + tmp,
        "-Dtidemark.native.cache=" + workDir.resolve("native-cache"),
        "-cp", System.getProperty("java.class.path"),
        mainClass.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
    return new ChildJvm(process, output);
  }

  Process process() {
    return process;
  }

  /** Waits for the child to exit and returns its exit code; kills it and fails on timeout. */
  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      fail("child JVM did not exit within " + timeout + "; output:\n" + output());
    }
    return process.exitValue();
  }

  /** What the child printed so far. */
  String output() {
    try {
      return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "<cannot read " + output + ": " + e + ">";
    }
  }

  /** The value printed on a {@code name=value} line, or fails. */
  String value(String name) {
    for (String line : output().split("\n")) {
      if (line.startsWith(name + "=")) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return fail("child printed no '" + name + "=' line; output:\n" + output());
  }

  /** Kills the child with SIGKILL (what {@code destroyForcibly} sends on Linux) and waits. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}

package io.tidemark.bench.e2e;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Spark Streaming peer ({@code io.tidemark.bench.spark.SparkFlightsJob}, built by {@code
 * benchmarks/spark/pom.xml}) as a child JVM on Spark's own classpath, with the JVM options Spark's
 * launcher adds on Java 17 ({@code org.apache.spark.launcher.JavaModuleOptions
 * .defaultModuleOptions()}, read from the spark-launcher jar of that classpath).
 */
final class SparkFlightsCommand implements FlightsJobCommand {
  private final Path sparkModule;
  private final JobShape shape;
  private final String classpath;
  private final List<String> moduleOptions;

  /**
   * @param sparkModule {@code benchmarks/spark}, built: {@code target/classes} and {@code
   *     target/spark-classpath.txt}
   */
  SparkFlightsCommand(Path sparkModule, JobShape shape) throws IOException {
    this.sparkModule = sparkModule;
    this.shape = shape;
    Path cpFile = sparkModule.resolve("target/spark-classpath.txt");
    if (!Files.isRegularFile(cpFile)) {
      throw new IllegalStateException(cpFile + " is missing: build with mvn -f " + sparkModule.resolve("pom.xml")
          + " package");
    }
    this.classpath = sparkModule.resolve("target/classes") + ":" + Files.readString(cpFile, StandardCharsets.UTF_8).trim();
    this.moduleOptions = readModuleOptions(classpath);
  }

  private static List<String> readModuleOptions(String classpath) throws IOException {
    List<URL> urls = new ArrayList<>();
    for (String entry : classpath.split(":")) {
      if (entry.contains("spark-launcher")) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), null)) {
      Object opts = loader.loadClass("org.apache.spark.launcher.JavaModuleOptions")
          .getMethod("defaultModuleOptions").invoke(null);
      return Arrays.asList(((String) opts).trim().split("\\s+"));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read Spark's JavaModuleOptions from the spark-launcher jar", e);
    }
  }

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public List<String> command(Path checkpoint, Path localDir, boolean untilExhausted) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(moduleOptions);
    cmd.addAll(List.of("-Xmx" + shape.heap(), "-cp", classpath, "io.tidemark.bench.spark.SparkFlightsJob",
        "--input", shape.input().toString(),
        "--batch-interval-ms", Long.toString(shape.batchIntervalMs()),
        "--records-per-batch", Long.toString(shape.recordsPerBatch()),
        "--cores", Integer.toString(shape.cores()),
        "--checkpoint", checkpoint.toString(),
        "--checkpoint-batches", Integer.toString(shape.checkpointEveryBatches()),
        "--local-dir", localDir.toString()));
    if (untilExhausted) {
      cmd.add("--until-exhausted");
    }
    return cmd;
  }

  @Override
  public String toString() {
    return "spark peer from " + sparkModule;
  }
}

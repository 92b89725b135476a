package io.tidemark.checkpoint.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/**
 * A real S3 HTTP server for tests: Adobe S3Mock, its executable jar ({@code s3mock-*-exec.jar},
 * which must be on the test class path) run as a child JVM listening on 127.0.0.1 only, never
 * in-process. Start one per test class and close it in {@code @AfterAll}. Shared with other
 * modules' tests through this module's test-jar.
 */
public final class S3MockServer implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final String endpoint;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private S3MockServer(Process process, Path log, String endpoint) {
    this.process = process;
    this.log = log;
    this.endpoint = endpoint;
  }

  /**
   * Starts the server on a free loopback port, with its object store and log under {@code base},
   * and waits (up to 90 s) until it answers.
   */
  public static S3MockServer start(Path base) throws IOException {
    String jar = null;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.contains("s3mock") && entry.endsWith("-exec.jar")) {
        jar = entry;
      }
    }
    if (jar == null) {
      throw new IllegalStateException("s3mock exec jar not on the test class path");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path store = Files.createDirectories(base.resolve("s3-store"));
    Path log = base.resolve("s3mock.log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-Djava.io.tmpdir=" + base, "-jar", jar,
        "--server.address=127.0.0.1", "--server.port=" + port, "--server.ssl.enabled=false",
        "--com.adobe.testing.s3mock.httpPort=0"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("COM_ADOBE_TESTING_S3MOCK_STORE_ROOT", store.toString());
    S3MockServer server = new S3MockServer(builder.start(), log, "http://127.0.0.1:" + port);
    try {
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
          .ignoreExceptions().until(() -> {
            if (!server.process.isAlive()) {
              throw new AssertionError("S3Mock exited: " + server.log());
            }
            return server.http.send(HttpRequest.newBuilder(URI.create(server.endpoint + "/")).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
          });
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** The server's URL, {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return endpoint;
  }

  /** Creates {@code bucket}. */
  public void createBucket(String bucket) throws IOException, InterruptedException {
    int created = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/" + bucket))
        .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    if (created != 200) {
      throw new IllegalStateException("creating bucket " + bucket + " returned HTTP " + created);
    }
  }

  /**
   * The Hadoop settings an {@code s3a://} client needs for this server: its endpoint, path-style
   * access, no SSL, fixed credentials, few retries. In order, as {@code key -> value}.
   */
  public Map<String, String> hadoopSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("fs.s3a.endpoint", endpoint);
    s.put("fs.s3a.endpoint.region", "us-east-1");
    s.put("fs.s3a.path.style.access", "true");
    s.put("fs.s3a.connection.ssl.enabled", "false");
    s.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    s.put("fs.s3a.access.key", "test");
    s.put("fs.s3a.secret.key", "test");
    s.put("fs.s3a.attempts.maximum", "2");
    s.put("fs.s3a.retry.limit", "2");
    return s;
  }

  /** A new Hadoop configuration with {@link #hadoopSettings()}. */
  public Configuration conf() {
    Configuration conf = new Configuration();
    hadoopSettings().forEach(conf::set);
    return conf;
  }

  /** What the server printed so far, for a failure's diagnosis. */
  public String log() throws IOException {
    return Files.readString(log);
  }

  /** Stops the server (SIGTERM, then SIGKILL after 20 s). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

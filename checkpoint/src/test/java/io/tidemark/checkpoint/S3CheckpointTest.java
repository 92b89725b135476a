package io.tidemark.checkpoint;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint guarantees on S3 through {@code s3a://}, against a real S3 HTTP server (Adobe
 * S3Mock, its executable jar from the test class path) run as a child JVM on 127.0.0.1, with
 * 100,000 keys. Files are published directly (no rename on an object store).
 */
class S3CheckpointTest extends CheckpointContractTest {
  private static final String BUCKET = "tidemark-test";
  private static Process server;
  private static java.nio.file.Path serverLog;
  private static Configuration conf;
  private static int counter;

  @BeforeAll
  static void startServer(@TempDir java.nio.file.Path base) throws Exception {
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
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    java.nio.file.Path store = Files.createDirectories(base.resolve("s3-store"));
    serverLog = base.resolve("s3mock.log");
    List<String> command = new ArrayList<>(List.of(
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-Djava.io.tmpdir=" + base, "-jar", jar,
        "--server.address=127.0.0.1", "--server.port=" + port, "--server.ssl.enabled=false",
        "--com.adobe.testing.s3mock.httpPort=0"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(serverLog.toFile());
    builder.environment().put("COM_ADOBE_TESTING_S3MOCK_STORE_ROOT", store.toString());
    server = builder.start();
    String endpoint = "http://127.0.0.1:" + port;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
        .ignoreExceptions().until(() -> {
          if (!server.isAlive()) {
            throw new AssertionError("S3Mock exited: " + Files.readString(serverLog));
          }
          return http.send(HttpRequest.newBuilder(URI.create(endpoint + "/")).GET().build(),
              HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
    int created = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/" + BUCKET))
        .PUT(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
    if (created != 200) {
      throw new IllegalStateException("creating bucket " + BUCKET + " returned HTTP " + created);
    }
    conf = new Configuration();
    conf.set("fs.s3a.endpoint", endpoint);
    conf.set("fs.s3a.endpoint.region", "us-east-1");
    conf.setBoolean("fs.s3a.path.style.access", true);
    conf.setBoolean("fs.s3a.connection.ssl.enabled", false);
    conf.set("fs.s3a.aws.credentials.provider",
        "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    conf.set("fs.s3a.access.key", "test");
    conf.set("fs.s3a.secret.key", "test");
    conf.setInt("fs.s3a.attempts.maximum", 2);
    conf.setInt("fs.s3a.retry.limit", 2);
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (conf != null) {
      org.apache.hadoop.fs.FileSystem.closeAll();
    }
    if (server != null) {
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  Path checkpointRoot(String name) {
    return new Path("s3a://" + BUCKET + "/checkpoints/" + name + "-" + (++counter));
  }

  @Override
  Configuration conf() {
    return conf;
  }

  @Override
  long keys() {
    return 100_000;
  }

  /** Prints the server's log, for a failure's diagnosis. */
  static String serverLog() throws IOException {
    return Files.readString(serverLog);
  }
}

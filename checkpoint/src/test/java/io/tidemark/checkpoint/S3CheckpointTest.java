package io.tidemark.checkpoint;

import io.tidemark.checkpoint.testsupport.S3MockServer;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint guarantees on S3 through {@code s3a://}, against a real S3 HTTP server (Adobe
 * S3Mock, see {@link S3MockServer}) run as a child JVM on 127.0.0.1, with 100,000 keys. Files
 * are published directly (no rename on an object store).
 */
class S3CheckpointTest extends CheckpointContractTest {
  private static final String BUCKET = "tidemark-test";
  private static S3MockServer server;
  private static Configuration conf;
  private static int counter;

  @BeforeAll
  static void startServer(@TempDir java.nio.file.Path base) throws Exception {
    server = S3MockServer.start(base);
    server.createBucket(BUCKET);
    conf = server.conf();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (conf != null) {
      org.apache.hadoop.fs.FileSystem.closeAll();
    }
    if (server != null) {
      server.close();
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
    return server.log();
  }
}

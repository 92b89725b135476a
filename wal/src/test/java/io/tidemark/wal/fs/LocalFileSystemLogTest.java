package io.tidemark.wal.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.wal.WalOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The log's guarantees on the local file system, opened through Hadoop's {@code file:} URI. */
class LocalFileSystemLogTest extends WriteAheadLogContractTest {

  @TempDir java.nio.file.Path tmp;

  private final Configuration conf = new Configuration();
  private FileSystem raw;

  @BeforeEach
  void setUp() throws IOException {
    raw = FileSystem.getLocal(conf).getRawFileSystem();
  }

  @Override
  protected FileSystem fileSystem() {
    return raw;
  }

  @Override
  protected Path baseDirectory() {
    return new Path(tmp.toUri());
  }

  @Override
  protected SegmentedFileLog open(Path dir, WalOptions options) {
    // Through the configuration, as production does: LocalFileSystem must become the raw one.
    return SegmentedFileLog.open(dir, conf, options);
  }

  @Override
  protected void assertTornTailCut(Path segment, long validLength) throws IOException {
    assertThat(Files.size(Paths.get(segment.toUri()))).isEqualTo(validLength);
    assertThat(Files.list(Paths.get(segment.getParent().toUri())))
        .noneMatch(p -> p.getFileName().toString().endsWith(".crc"));
  }
}

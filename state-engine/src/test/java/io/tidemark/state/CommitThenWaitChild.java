package io.tidemark.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child JVM of {@link RocksDbStateStoreTest}: commits versions 1..3 (key {@code k<v>} per
 * version), fills a fourth batch without committing it, prints {@code committed=3} and waits to
 * be killed.
 */
public final class CommitThenWaitChild {
  private CommitThenWaitChild() {}

  public static void main(String[] args) throws IOException {
    StateBackend backend = StateBackends.rocksDb(Path.of(args[0]));
    StateStore store = backend.open("killed", 0, new KeyGroupRange(0, 7));
    for (int version = 1; version <= 3; version++) {
      StateWriteBatch batch = store.newWriteBatch();
      batch.put(version, ("k" + version).getBytes(StandardCharsets.UTF_8),
          ("v" + version).getBytes(StandardCharsets.UTF_8));
      store.commit(batch, version, version);
    }
    StateWriteBatch pending = store.newWriteBatch();
    pending.put(4, "k4".getBytes(StandardCharsets.UTF_8), "v4".getBytes(StandardCharsets.UTF_8));
    System.out.println("committed=3");
    System.out.flush();
    // Blocks until the parent kills this JVM; nothing is closed or flushed on purpose.
    int ignored = System.in.read();
    System.exit(ignored == -1 ? 2 : 3);
  }
}

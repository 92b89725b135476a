package io.tidemark.state;

import io.tidemark.state.internals.InMemoryStateBackend;
import io.tidemark.state.internals.RocksDbStateBackend;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The factory of {@link StateBackend}s, as Kafka Streams' {@code Stores}: the only way user
 * and engine code obtains a backend, so implementations stay in {@code internals}.
 *
 * <p>All methods are thread-safe and return a new backend per call.
 */
public final class StateBackends {

  private StateBackends() {}

  /**
   * A RocksDB backend storing partition {@code n} of operator {@code uid} in
   * {@code <baseDirectory>/<uid>/partition-<n>/}. The state is persistent: reopening after a
   * close or a process restart (including {@code kill -9} after a commit returned) finds the
   * committed version, key count and data.
   *
   * @param baseDirectory the directory holding all stores of this backend; created if missing;
   *     never {@code null}
   * @param options tuning and durability options; never {@code null}
   * @throws StateStoreException if the RocksDB native library cannot be loaded
   */
  public static StateBackend rocksDb(Path baseDirectory, RocksDbStateOptions options) {
    Objects.requireNonNull(baseDirectory, "baseDirectory");
    Objects.requireNonNull(options, "options");
    return new RocksDbStateBackend(baseDirectory, options);
  }

  /**
   * Starts loading RocksDB's native library on a daemon thread and returns at once, so that a
   * later {@link #rocksDb} does not wait for it (loading it takes tens of milliseconds, plus
   * 0.1–0.2 s the first time, when it is unpacked from RocksJava's jar into a per-user cache, see
   * {@link io.tidemark.state.internals.RocksDbNativeLibrary}; a restart does other work
   * meanwhile). Idempotent; a failure is not reported here but by {@link #rocksDb}, which loads
   * the library itself if this has not.
   */
  public static void preloadRocksDb() {
    RocksDbStateBackend.preloadNativeLibrary();
  }

  /** As {@link #rocksDb(Path, RocksDbStateOptions)} with {@link RocksDbStateOptions#defaults()}. */
  public static StateBackend rocksDb(Path baseDirectory) {
    return rocksDb(baseDirectory, RocksDbStateOptions.defaults());
  }

  /**
   * A heap backend for tests and small state. Not persistent: a new backend (for example after
   * a JVM restart) starts empty. Within one backend, closing and reopening the same (uid,
   * partition) returns the state committed before.
   */
  public static StateBackend inMemory() {
    return new InMemoryStateBackend();
  }
}

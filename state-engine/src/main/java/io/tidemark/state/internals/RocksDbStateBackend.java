package io.tidemark.state.internals;

import io.tidemark.state.KeyGroupRange;
import io.tidemark.state.RocksDbStateOptions;
import io.tidemark.state.StateBackend;
import io.tidemark.state.StateStore;
import io.tidemark.state.StateStoreException;
import io.tidemark.state.snapshot.SnapshotFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.Filter;
import org.rocksdb.HyperClockCache;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;

/**
 * The RocksDB {@link StateBackend}: one RocksDB database per (operator uid, partition) in
 * {@code <base>/<operatorUid>/partition-<n>/}, all sharing one LRU block cache and one bloom
 * filter policy, as Flink shares a cache between the RocksDB instances of one slot.
 *
 * <p>Thread-safe. Opening the same (uid, partition) twice at once is refused (RocksDB would
 * refuse the second lock on the directory anyway, less clearly). {@link #close()} closes the
 * stores still open, then the shared cache and filter; it is idempotent.
 */
public final class RocksDbStateBackend implements StateBackend {

  /** The native objects shared by all stores of one backend. */
  record Shared(Cache blockCache, Filter bloomFilter, CompressionType compression) {}

  private final Path baseDirectory;
  private final RocksDbStateOptions options;
  private final RocksDbResources sharedResources;
  private final Shared shared;
  private final Map<StoreNames.StoreId, RocksDbStateStore> openStores = new HashMap<>();
  private boolean closed; // guarded by this

  private static final java.util.concurrent.atomic.AtomicBoolean PRELOAD_STARTED =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** See {@link io.tidemark.state.StateBackends#preloadRocksDb()}. */
  public static void preloadNativeLibrary() {
    if (!PRELOAD_STARTED.compareAndSet(false, true)) {
      return;
    }
    Thread loader = new Thread(() -> {
      try {
        RocksDbNativeLibrary.load(); // synchronized: a concurrent caller waits for this load
      } catch (RuntimeException | UnsatisfiedLinkError e) {
        // reported by the constructor, which tries again
      }
    }, "tidemark-rocksdb-loader");
    loader.setDaemon(true);
    loader.start();
  }

  /**
   * Creates a backend; stores are opened lazily by {@link #open}.
   *
   * @throws StateStoreException if the RocksDB native library cannot be loaded
   */
  public RocksDbStateBackend(Path baseDirectory, RocksDbStateOptions options) {
    this.baseDirectory = baseDirectory.toAbsolutePath();
    this.options = options;
    try {
      RocksDbNativeLibrary.load();
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new StateStoreException("cannot load the RocksDB native library (it is unpacked into "
          + RocksDbNativeLibrary.cacheRoot().map(Path::toString).orElse("(no cache)")
          + ", else into java.io.tmpdir=" + System.getProperty("java.io.tmpdir")
          + ")", e);
    }
    sharedResources = new RocksDbResources("RocksDB state backend at " + this.baseDirectory);
    try {
      // Data blocks only: index and filter blocks stay with the table readers (RocksDbStateStore).
      Cache cache = sharedResources.register(blockCache(options));
      Filter filter = options.bloomFilterBitsPerKey() > 0
          ? sharedResources.register(new BloomFilter(options.bloomFilterBitsPerKey(), false))
          : null;
      shared = new Shared(cache, filter, compressionType(options.compression()));
    } catch (RuntimeException e) {
      sharedResources.close();
      throw e;
    }
  }

  private static Cache blockCache(RocksDbStateOptions options) {
    return switch (options.blockCache()) {
      case LRU -> new LRUCache(options.blockCacheSizeBytes());
      // 0: RocksDB sizes its table itself (AutoHyperClockCache); -1: its default shard count.
      case HYPER_CLOCK -> new HyperClockCache(options.blockCacheSizeBytes(), 0, -1, false);
    };
  }

  private static CompressionType compressionType(RocksDbStateOptions.Compression compression) {
    return switch (compression) {
      case NONE -> CompressionType.NO_COMPRESSION;
      case SNAPPY -> CompressionType.SNAPPY_COMPRESSION;
      case LZ4 -> CompressionType.LZ4_COMPRESSION;
      case ZSTD -> CompressionType.ZSTD_COMPRESSION;
    };
  }

  /** The base directory (absolute) holding all stores of this backend. */
  public Path baseDirectory() {
    return baseDirectory;
  }

  /** The options this backend was created with. */
  public RocksDbStateOptions options() {
    return options;
  }

  /** The directory of the store of ({@code operatorUid}, {@code partition}). */
  public Path storeDirectory(String operatorUid, int partition) {
    StoreNames.checkOpenArguments(operatorUid, partition, new KeyGroupRange(0, -1));
    return baseDirectory.resolve(operatorUid).resolve("partition-" + partition);
  }

  @Override
  public StateStore open(String operatorUid, int partition, KeyGroupRange keyGroups) {
    StoreNames.checkOpenArguments(operatorUid, partition, keyGroups);
    StoreNames.StoreId id = new StoreNames.StoreId(operatorUid, partition);
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("RocksDB state backend at " + baseDirectory + " is closed");
      }
      if (openStores.containsKey(id)) {
        throw new IllegalStateException(StoreNames.describe("RocksDB", operatorUid, partition)
            + " is already open in this backend");
      }
      // Opening under the lock keeps the (uid, partition) reserved; opens are rare (at start).
      RocksDbStateStore store = RocksDbStateStore.open(operatorUid, partition, keyGroups,
          storeDirectory(operatorUid, partition), options, shared, this::onStoreClosed);
      openStores.put(id, store);
      return store;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Deletes {@code <base>/<uid>/partition-<n>/}, hard-links the snapshot's SST and blob files
   * into it (copying them if links are impossible), copies the other files, {@code fsync}s the
   * directory and opens the store.
   */
  @Override
  public StateStore restore(String operatorUid, int partition, KeyGroupRange keyGroups,
      Path snapshotDirectory) {
    StoreNames.checkOpenArguments(operatorUid, partition, keyGroups);
    Objects.requireNonNull(snapshotDirectory, "snapshotDirectory");
    String name = StoreNames.describe("RocksDB", operatorUid, partition);
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("RocksDB state backend at " + baseDirectory + " is closed");
      }
      if (openStores.containsKey(new StoreNames.StoreId(operatorUid, partition))) {
        throw new IllegalStateException(name + " is open; close it before restoring");
      }
      if (!Files.isRegularFile(snapshotDirectory.resolve("CURRENT"))) {
        throw new StateStoreException(name + ": " + snapshotDirectory + " is not a RocksDB "
            + "snapshot (format " + io.tidemark.state.snapshot.StateSnapshot.FORMAT_ROCKSDB
            + "): no CURRENT file");
      }
      Path target = storeDirectory(operatorUid, partition);
      try {
        SnapshotDirectories.deleteRecursively(target);
        Files.createDirectories(target);
        for (SnapshotFile file : SnapshotDirectories.list(snapshotDirectory)) {
          Path source = snapshotDirectory.resolve(file.name());
          Path copy = target.resolve(file.name());
          if (file.shareable()) {
            try {
              Files.createLink(copy, source);
              continue;
            } catch (IOException | UnsupportedOperationException e) {
              // another file system: fall through to a copy
            }
          }
          // Mutable files are copied: RocksDB must never write through a link into the snapshot.
          Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
        }
        SnapshotDirectories.syncDirectory(target);
      } catch (IOException e) {
        throw new StateStoreException(name + ": cannot restore " + snapshotDirectory + " into "
            + target + ": " + e, e);
      }
      return open(operatorUid, partition, keyGroups);
    }
  }

  private synchronized void onStoreClosed(RocksDbStateStore store) {
    openStores.remove(new StoreNames.StoreId(store.operatorUid(), store.partition()), store);
  }

  @Override
  public String name() {
    return "rocksdb";
  }

  @Override
  public void close() {
    List<RocksDbStateStore> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(openStores.values());
    }
    // Outside the lock: a store's close calls back onStoreClosed.
    for (RocksDbStateStore store : toClose) {
      store.close();
    }
    sharedResources.close();
  }

  @Override
  public String toString() {
    return "RocksDbStateBackend[" + baseDirectory + ", " + options + "]";
  }
}

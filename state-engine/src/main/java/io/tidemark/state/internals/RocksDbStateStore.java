package io.tidemark.state.internals;

import io.tidemark.state.KeyGroupRange;
import io.tidemark.state.RocksDbStateOptions;
import io.tidemark.state.StateReadView;
import io.tidemark.state.StateStore;
import io.tidemark.state.StateStoreException;
import io.tidemark.state.StateWriteBatch;
import io.tidemark.state.snapshot.StateSnapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactionStyle;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteOptions;

/**
 * A {@link StateStore} in one RocksDB database, the default for state larger than the heap.
 *
 * <p>Layout: the default column family holds the entries, each key stored as a 2-byte
 * big-endian key group followed by the serialised key (so RocksDB's bytewise order is key
 * group, then unsigned key bytes, as Flink's RocksDB backend prefixes key groups). The
 * {@code meta} column family holds the format marker, the committed version and the exact key
 * count; {@link #commit} writes them in the same {@code WriteBatch} as the updates, so the
 * version and the data can never disagree.
 *
 * <p>Durability: commits always go through RocksDB's write-ahead log; a {@code kill -9} after
 * {@code commit} returned loses nothing. Whether the log is also {@code fsync}ed is
 * {@link RocksDbStateOptions#sync()}: without it an operating-system crash may lose the last
 * commits (the store then reopens at an older, consistent version).
 *
 * <p>Memory: everything is native. Gets fill the shared block cache; full scans of a read view
 * read with {@code fillCache(false)} so a checkpoint scan does not evict the hot working set.
 * Both column families flush together ({@code atomic_flush}), so the write-ahead log is freed as
 * soon as the data flushes and on-disk files always hold a consistent (data, version) pair.
 *
 * <p>Threading and closing: as {@link StateStore}. Every operation runs under a read lock
 * taken from the store's lifecycle guard; {@link #close()} takes the write lock, so a close
 * from another thread waits for running reads and can never free a native handle under one.
 * Close order: open iterators, then open read views (their snapshots), then open write batches,
 * then column family handles, the database and its options. Closing a view or batch after its
 * store is a no-op. Every {@link RocksDBException} becomes one {@link StateStoreException}
 * naming the store and the operation.
 */
public final class RocksDbStateStore implements StateStore {
  private static final byte[] META_COLUMN_FAMILY = "meta".getBytes(StandardCharsets.UTF_8);
  private static final byte[] META_FORMAT = "format".getBytes(StandardCharsets.UTF_8);
  static final byte[] META_VERSION = "version".getBytes(StandardCharsets.UTF_8);
  static final byte[] META_NUM_KEYS = "num-keys".getBytes(StandardCharsets.UTF_8);
  /** Magic "TMST" and format version 1 of the layout above. */
  private static final byte[] FORMAT_V1 = {'T', 'M', 'S', 'T', 0, 0, 0, 1};

  private final String operatorUid;
  private final int partition;
  private final KeyGroupRange keyGroups;
  private final Path directory;
  private final StoreGuard guard;
  private final RocksDbResources resources;
  private final RocksDB db;
  private final ColumnFamilyHandle dataColumn;
  private final ColumnFamilyHandle metaColumn;
  private final WriteOptions writeOptions;
  private final ReadOptions pointReadOptions;
  private final Consumer<RocksDbStateStore> onClose;
  /** Held by {@link #commit} and {@link #snapshot}, so a snapshot holds one committed version. */
  private final Object commitLock = new Object();
  private volatile long committedVersion;
  private volatile long numKeys;

  private RocksDbStateStore(String operatorUid, int partition, KeyGroupRange keyGroups,
      Path directory, RocksDbResources resources, RocksDB db, ColumnFamilyHandle dataColumn,
      ColumnFamilyHandle metaColumn, WriteOptions writeOptions, ReadOptions pointReadOptions,
      Consumer<RocksDbStateStore> onClose) {
    this.operatorUid = operatorUid;
    this.partition = partition;
    this.keyGroups = keyGroups;
    this.directory = directory;
    this.guard = new StoreGuard(StoreNames.describe("RocksDB", operatorUid, partition));
    this.resources = resources;
    this.db = db;
    this.dataColumn = dataColumn;
    this.metaColumn = metaColumn;
    this.writeOptions = writeOptions;
    this.pointReadOptions = pointReadOptions;
    this.onClose = onClose;
  }

  /**
   * Opens (creating if missing) the store in {@code directory}.
   *
   * @param shared the backend's shared native objects (block cache, bloom filter)
   * @param onClose called once, outside any lock, after the store closed
   * @throws StateStoreException if RocksDB fails or the directory holds another format; all
   *     native objects made so far are closed
   */
  static RocksDbStateStore open(String operatorUid, int partition, KeyGroupRange keyGroups,
      Path directory, RocksDbStateOptions options, RocksDbStateBackend.Shared shared,
      Consumer<RocksDbStateStore> onClose) {
    String name = StoreNames.describe("RocksDB", operatorUid, partition);
    RocksDbResources resources = new RocksDbResources(name);
    try {
      Files.createDirectories(directory);
      DBOptions dbOptions = resources.register(new DBOptions()
          .setCreateIfMissing(true)
          .setCreateMissingColumnFamilies(true)
          .setAtomicFlush(true)
          .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
          .setMaxLogFileSize(8L << 20)
          .setKeepLogFileNum(2)
          .setStatsDumpPeriodSec(0)
          // Spread SST and WAL writeback over time instead of one large flush at fsync/close.
          .setBytesPerSync(1L << 20)
          .setAllowMmapReads(options.mmapReads()));
      ColumnFamilyOptions dataOptions = resources.register(new ColumnFamilyOptions()
          .setWriteBufferSize(options.writeBufferSizeBytes())
          .setMaxWriteBufferNumber(options.maxWriteBufferNumber())
          .setCompressionType(shared.compression())
          .setCompactionStyle(compactionStyle(options.compactionStyle()))
          // Leveled only (universal compaction has no level targets): level sizes derived from
          // the last level's, so the levels above it stay small as the state grows.
          .setLevelCompactionDynamicLevelBytes(
              options.compactionStyle() == RocksDbStateOptions.CompactionStyle.LEVEL)
          .setTableFormatConfig(tableConfig(shared, true)));
      ColumnFamilyOptions metaOptions = resources.register(new ColumnFamilyOptions()
          .setWriteBufferSize(1L << 20)
          .setMaxWriteBufferNumber(2)
          .setTableFormatConfig(tableConfig(shared, false)));
      List<ColumnFamilyDescriptor> descriptors = List.of(
          new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, dataOptions),
          new ColumnFamilyDescriptor(META_COLUMN_FAMILY, metaOptions));
      List<ColumnFamilyHandle> handles = new ArrayList<>(2);
      RocksDB db = resources.register(
          RocksDB.open(dbOptions, directory.toString(), descriptors, handles));
      // Registered after the database, so they close before it.
      for (ColumnFamilyHandle handle : handles) {
        resources.register(handle);
      }
      WriteOptions writeOptions = resources.register(new WriteOptions()
          .setSync(options.sync())
          .setDisableWAL(false));
      ReadOptions pointReadOptions = resources.register(new ReadOptions());
      RocksDbStateStore store = new RocksDbStateStore(operatorUid, partition, keyGroups, directory,
          resources, db, handles.get(0), handles.get(1), writeOptions, pointReadOptions, onClose);
      store.loadMeta();
      return store;
    } catch (RocksDBException e) {
      resources.close();
      throw failure(name, "open " + directory, e);
    } catch (IOException e) {
      resources.close();
      throw new StateStoreException(name + ": cannot create directory " + directory, e);
    } catch (RuntimeException | Error e) {
      resources.close();
      throw e;
    }
  }

  private static CompactionStyle compactionStyle(RocksDbStateOptions.CompactionStyle style) {
    return switch (style) {
      case LEVEL -> CompactionStyle.LEVEL;
      case UNIVERSAL -> CompactionStyle.UNIVERSAL;
    };
  }

  private static BlockBasedTableConfig tableConfig(RocksDbStateBackend.Shared shared,
      boolean withFilter) {
    BlockBasedTableConfig table = new BlockBasedTableConfig()
        .setBlockCache(shared.blockCache())
        // Index and filter blocks are held by the table readers (opened with the database), not
        // in the block cache: a lookup then needs no cache lookup of its SST's index and filter.
        // Measured on 5 M keys per store (5,000-key multiGet, page cache warm): 63-80 ms cold and
        // 25 ms warm, against 180-300 ms cold and 140-230 ms warm with them in the cache. Cost:
        // about 1.3 bytes per key (10-bit bloom filter plus index) outside the cache, off-heap.
        .setCacheIndexAndFilterBlocks(false);
    if (withFilter && shared.bloomFilter() != null) {
      table.setFilterPolicy(shared.bloomFilter());
    }
    return table;
  }

  private void loadMeta() throws RocksDBException {
    byte[] format = db.get(metaColumn, pointReadOptions, META_FORMAT);
    if (format == null) {
      byte[] version = db.get(metaColumn, pointReadOptions, META_VERSION);
      if (version != null) {
        throw new StateStoreException(guard.storeName() + " in " + directory
            + " has a committed version but no format marker; refusing to open it");
      }
      db.put(metaColumn, writeOptions, META_FORMAT, FORMAT_V1);
    } else if (!Arrays.equals(format, FORMAT_V1)) {
      throw new StateStoreException(guard.storeName() + " in " + directory
          + " has an unsupported format marker " + Arrays.toString(format)
          + "; this version reads format 1 only");
    }
    byte[] version = db.get(metaColumn, pointReadOptions, META_VERSION);
    byte[] count = db.get(metaColumn, pointReadOptions, META_NUM_KEYS);
    committedVersion = version == null ? NO_VERSION : decodeLong(version, "version");
    numKeys = count == null ? 0 : decodeLong(count, "num-keys");
  }

  private long decodeLong(byte[] bytes, String what) {
    if (bytes.length != Long.BYTES) {
      throw new StateStoreException(guard.storeName() + " in " + directory + ": meta entry '"
          + what + "' has " + bytes.length + " bytes, expected 8");
    }
    return ByteBuffer.wrap(bytes).getLong();
  }

  private static byte[] encodeLong(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  /** Wraps a native error, once, naming the store and the operation. */
  static StateStoreException failure(String storeName, String operation, RocksDBException e) {
    String code = e.getStatus() == null ? "" : " [" + e.getStatus().getCodeString() + "]";
    return new StateStoreException(
        storeName + ": " + operation + " failed" + code + ": " + e.getMessage(), e);
  }

  StateStoreException failure(String operation, RocksDBException e) {
    return failure(guard.storeName(), operation, e);
  }

  @Override
  public String operatorUid() {
    return operatorUid;
  }

  @Override
  public int partition() {
    return partition;
  }

  @Override
  public KeyGroupRange keyGroups() {
    return keyGroups;
  }

  /** The directory holding this store's RocksDB files; valid also after close. */
  public Path directory() {
    return directory;
  }

  @Override
  public long committedVersion() {
    checkOpen();
    return committedVersion;
  }

  @Override
  public long numKeys() {
    checkOpen();
    return numKeys;
  }

  private void checkOpen() {
    if (guard.isClosed()) {
      throw new IllegalStateException(guard.storeName() + " is closed");
    }
  }

  @Override
  public byte[] get(int keyGroup, byte[] key) {
    StateKeys.check(guard.storeName(), keyGroups, keyGroup, key);
    guard.enter();
    try {
      return db.get(dataColumn, pointReadOptions, StateKeys.encode(keyGroup, key));
    } catch (RocksDBException e) {
      throw failure("get", e);
    } finally {
      guard.exit();
    }
  }

  @Override
  public List<byte[]> multiGet(int[] keyGroupsOfKeys, List<byte[]> keys) {
    Objects.requireNonNull(keyGroupsOfKeys, "keyGroups");
    Objects.requireNonNull(keys, "keys");
    if (keyGroupsOfKeys.length != keys.size()) {
      throw new IllegalArgumentException("multiGet: " + keyGroupsOfKeys.length
          + " key groups for " + keys.size() + " keys");
    }
    List<byte[]> stored = new ArrayList<>(keys.size());
    for (int i = 0; i < keyGroupsOfKeys.length; i++) {
      byte[] key = keys.get(i);
      StateKeys.check(guard.storeName(), keyGroups, keyGroupsOfKeys[i], key);
      stored.add(StateKeys.encode(keyGroupsOfKeys[i], key));
    }
    if (stored.isEmpty()) {
      return new ArrayList<>(0);
    }
    guard.enter();
    try {
      return db.multiGetAsList(pointReadOptions, stored);
    } catch (RocksDBException e) {
      throw failure("multiGet of " + stored.size() + " keys", e);
    } finally {
      guard.exit();
    }
  }

  @Override
  public StateWriteBatch newWriteBatch() {
    guard.enter();
    try {
      RocksDbWriteBatch batch = new RocksDbWriteBatch(this);
      guard.register(batch);
      return batch;
    } finally {
      guard.exit();
    }
  }

  @Override
  public void commit(StateWriteBatch updates, long version, long numKeysAfter) {
    Objects.requireNonNull(updates, "updates");
    try {
      if (!(updates instanceof RocksDbWriteBatch batch) || batch.store() != this) {
        throw new IllegalArgumentException("commit: the write batch was not created by "
            + guard.storeName() + "'s newWriteBatch()");
      }
      if (numKeysAfter < 0) {
        throw new IllegalArgumentException("commit: numKeysAfter must be >= 0: " + numKeysAfter);
      }
      guard.enter();
      try {
        synchronized (commitLock) {
          if (version <= committedVersion) {
            throw new IllegalArgumentException("commit: version " + version
                + " must be greater than the committed version " + committedVersion + " of "
                + guard.storeName());
          }
          batch.putMeta(metaColumn, META_VERSION, encodeLong(version));
          batch.putMeta(metaColumn, META_NUM_KEYS, encodeLong(numKeysAfter));
          db.write(writeOptions, batch.nativeBatch());
          committedVersion = version;
          numKeys = numKeysAfter;
        }
      } catch (RocksDBException e) {
        throw failure("commit of version " + version, e);
      } finally {
        guard.exit();
      }
    } finally {
      updates.close();
    }
  }

  @Override
  public StateReadView readView() {
    guard.enter();
    try {
      RocksDbReadView view = RocksDbReadView.create(this);
      guard.register(view);
      return view;
    } finally {
      guard.exit();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Flushes both column families (atomically), then creates a RocksDB {@code Checkpoint}:
   * SST files are hard links (so {@code targetDirectory} must be on the store's file system),
   * {@code MANIFEST}, {@code OPTIONS} and {@code CURRENT} are copies. SST and blob files are
   * listed as shareable.
   */
  @Override
  public StateSnapshot snapshot(Path targetDirectory) {
    Path target = SnapshotDirectories.prepare(targetDirectory);
    guard.enter();
    try {
      synchronized (commitLock) {
        long version = committedVersion;
        long keys = numKeys;
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true);
            Checkpoint checkpoint = Checkpoint.create(db)) {
          db.flush(flush, List.of(dataColumn, metaColumn));
          checkpoint.createCheckpoint(target.toString());
        }
        SnapshotDirectories.syncDirectory(target);
        return new StateSnapshot(operatorUid, partition, keyGroups, version, keys,
            StateSnapshot.FORMAT_ROCKSDB, target, SnapshotDirectories.list(target));
      }
    } catch (RocksDBException e) {
      throw failure("snapshot to " + target, e);
    } catch (IOException e) {
      throw new StateStoreException(guard.storeName() + ": snapshot to " + target + " failed: "
          + e, e);
    } finally {
      guard.exit();
    }
  }

  // Accessors for the package's batch, view and iterator classes.

  StoreGuard guard() {
    return guard;
  }

  RocksDB db() {
    return db;
  }

  ColumnFamilyHandle dataColumn() {
    return dataColumn;
  }

  ColumnFamilyHandle metaColumn() {
    return metaColumn;
  }

  long decodeMetaLong(byte[] bytes, String what) {
    return decodeLong(bytes, what);
  }

  Snapshot takeSnapshot() {
    return db.getSnapshot();
  }

  @Override
  public void close() {
    if (guard.close(resources::close)) {
      onClose.accept(this);
    }
  }

  @Override
  public String toString() {
    return guard.storeName() + " at " + directory;
  }
}

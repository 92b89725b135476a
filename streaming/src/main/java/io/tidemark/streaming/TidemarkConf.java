package io.tidemark.streaming;

import io.tidemark.state.RocksDbStateOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration of a {@link StreamingContext}: string settings under {@code tidemark.*}
 * plus the classes to register with Kryo, in the style of Spark's {@code SparkConf}.
 *
 * <p>Settings (durations take a unit, see {@link Durations}):
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #PARTITIONS}</td><td>number of cores</td><td>partitions of keyed
 *       operations and threads that run tasks</td></tr>
 *   <tr><td>{@value #KEY_GROUPS}</td><td>128</td><td>key groups (unit of state partitioning;
 *       fixed for the life of a checkpoint)</td></tr>
 *   <tr><td>{@value #STATE_BACKEND}</td><td>{@code rocksdb}</td><td>{@code rocksdb} or
 *       {@code memory}</td></tr>
 *   <tr><td>{@value #STATE_DIR}</td><td>a new temporary directory, deleted at stop</td><td>where
 *       RocksDB keeps local state</td></tr>
 *   <tr><td>{@value #STATE_BLOCK_CACHE}</td><td>{@code 64} (MiB)</td><td>RocksDB block cache
 *       shared by all stores</td></tr>
 *   <tr><td>{@value #STATE_BLOCK_CACHE_TYPE}</td><td>{@code lru}</td><td>its kind: {@code lru} or
 *       {@code hyper_clock} (cheaper misses for state far larger than the cache; see {@link
 *       RocksDbStateOptions#blockCache()})</td></tr>
 *   <tr><td>{@value #STATE_WRITE_BUFFER}</td><td>{@code 16} (MiB)</td><td>size of one RocksDB
 *       memtable; each store has up to two</td></tr>
 *   <tr><td>{@value #STATE_COMPRESSION}</td><td>{@code lz4}</td><td>block compression of the
 *       RocksDB state: {@code none}, {@code snappy}, {@code lz4} or {@code zstd}</td></tr>
 *   <tr><td>{@value #STATE_COMPACTION_STYLE}</td><td>{@code universal}</td><td>how RocksDB
 *       compacts the state: {@code universal} (tiered, the least rewriting as the state grows)
 *       or {@code level} (see {@link RocksDbStateOptions#compactionStyle()})</td></tr>
 *   <tr><td>{@value #STATE_MMAP_READS}</td><td>{@code false}</td><td>RocksDB reads its files
 *       through memory maps; with compression {@code none}, faster point reads of state larger
 *       than the block cache, for more disk and resident memory (see {@link
 *       RocksDbStateOptions#mmapReads()})</td></tr>
 *   <tr><td>{@value #BLOCK_INTERVAL}</td><td>{@code 200ms}</td><td>receivers cut a block every
 *       block interval</td></tr>
 *   <tr><td>{@value #GRACEFUL_STOP_TIMEOUT}</td><td>10 × batch interval</td><td>how long a
 *       graceful stop waits for received data to be processed</td></tr>
 *   <tr><td>{@value #RECEIVER_WAL_ENABLE}</td><td>{@code false}</td><td>receivers write every
 *       block to a write-ahead log under the checkpoint directory before reporting it</td></tr>
 *   <tr><td>{@value #RECEIVER_WAL_DURABILITY}</td><td>{@code group}</td><td>{@code hsync} (fsync
 *       per block), {@code group} (group commit: concurrent blocks share an fsync) or
 *       {@code hflush}</td></tr>
 *   <tr><td>{@value #RECEIVER_WAL_ROLLING_INTERVAL}</td><td>{@code 60s}</td><td>a new log segment
 *       every rolling interval</td></tr>
 *   <tr><td>{@value #RECEIVER_MAX_RATE}</td><td>0 (none)</td><td>records per second each
 *       receiver may store</td></tr>
 *   <tr><td>{@value #RECEIVER_RESTART_DELAY}</td><td>{@code 2s}</td><td>delay before a failed
 *       receiver starts again</td></tr>
 *   <tr><td>{@value #CHECKPOINT_INTERVAL}</td><td>smallest multiple of the batch interval
 *       {@code >= 10s}</td><td>time between data checkpoints</td></tr>
 *   <tr><td>{@value #ALLOW_DROPPED_STATE}</td><td>{@code false}</td><td>resume even when an
 *       operator's state no longer fits the job (its state is dropped)</td></tr>
 *   <tr><td>{@value #STOP_GRACEFULLY_ON_SHUTDOWN}</td><td>{@code false}</td><td>stop gracefully
 *       (final checkpoint) on SIGTERM</td></tr>
 *   <tr><td>{@value #CLOCK}</td><td>{@code system}</td><td>{@code system}, or {@code manual}
 *       for tests that advance the batch clock themselves</td></tr>
 * </table>
 *
 * <p>Not thread-safe while being built; a context copies it at construction.
 */
public final class TidemarkConf {
  public static final String PARTITIONS = "tidemark.partitions";
  public static final String KEY_GROUPS = "tidemark.keyGroups";
  public static final String STATE_BACKEND = "tidemark.state.backend";
  public static final String STATE_DIR = "tidemark.state.dir";
  public static final String STATE_BLOCK_CACHE = "tidemark.state.rocksdb.blockCacheMiB";
  public static final String STATE_BLOCK_CACHE_TYPE = "tidemark.state.rocksdb.blockCacheType";
  public static final String STATE_WRITE_BUFFER = "tidemark.state.rocksdb.writeBufferMiB";
  public static final String STATE_COMPRESSION = "tidemark.state.rocksdb.compression";
  public static final String STATE_COMPACTION_STYLE = "tidemark.state.rocksdb.compactionStyle";
  public static final String STATE_MMAP_READS = "tidemark.state.rocksdb.mmapReads";
  public static final String BLOCK_INTERVAL = "tidemark.streaming.blockInterval";
  public static final String GRACEFUL_STOP_TIMEOUT = "tidemark.streaming.gracefulStopTimeout";
  public static final String CLOCK = "tidemark.streaming.clock";
  public static final String CHECKPOINT_INTERVAL = "tidemark.checkpoint.interval";
  public static final String ALLOW_DROPPED_STATE = "tidemark.recovery.allowDroppedState";
  public static final String STOP_GRACEFULLY_ON_SHUTDOWN = "tidemark.streaming.stopGracefullyOnShutdown";
  public static final String RECEIVER_WAL_ENABLE = "tidemark.streaming.receiver.writeAheadLog.enable";
  public static final String RECEIVER_WAL_DURABILITY = "tidemark.streaming.receiver.writeAheadLog.durability";
  public static final String RECEIVER_WAL_ROLLING_INTERVAL = "tidemark.streaming.receiver.writeAheadLog.rollingInterval";
  public static final String RECEIVER_MAX_RATE = "tidemark.streaming.receiver.maxRate";
  public static final String RECEIVER_RESTART_DELAY = "tidemark.streaming.receiverRestartDelay";

  private final Map<String, String> settings = new LinkedHashMap<>();
  private final List<Class<?>> kryoClasses = new ArrayList<>();

  /** An empty configuration: every setting at its default. */
  public TidemarkConf() {}

  /** A copy of {@code other}. */
  public TidemarkConf(TidemarkConf other) {
    settings.putAll(other.settings);
    kryoClasses.addAll(other.kryoClasses);
  }

  /** Sets {@code key} to {@code value}; returns {@code this}. */
  public TidemarkConf set(String key, String value) {
    if (!key.startsWith("tidemark.")) {
      throw new IllegalArgumentException("configuration key '" + key + "' must start with 'tidemark.'");
    }
    settings.put(key, value);
    return this;
  }

  /** The value of {@code key}, if set. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(settings.get(key));
  }

  /** All settings, in insertion order (unmodifiable). */
  public Map<String, String> settings() {
    return Collections.unmodifiableMap(settings);
  }

  /**
   * Registers classes with Kryo, in order; each gets the next id from 100 upward. State written
   * with one registration order must be read with the same order, so append new classes at the
   * end. Returns {@code this}.
   */
  public TidemarkConf registerKryoClasses(Class<?>... classes) {
    Collections.addAll(kryoClasses, classes);
    return this;
  }

  /** The classes registered with Kryo, in registration order (unmodifiable). */
  public List<Class<?>> kryoClasses() {
    return Collections.unmodifiableList(kryoClasses);
  }

  /** Parses {@code key} as an int, or returns {@code defaultValue} when unset. */
  public int getInt(String key, int defaultValue) {
    String v = settings.get(key);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting " + key + "='" + v + "' is not a whole number", e);
    }
  }

  /**
   * Parses {@code key} as {@code true} or {@code false} (in any case, blanks around ignored), or
   * returns {@code defaultValue} when unset.
   *
   * @throws IllegalArgumentException naming the key and the value if it is anything else, as
   *     Spark's {@code SparkConf.getBoolean}: a misspelt {@code true} must not quietly leave a
   *     feature such as the receiver write-ahead log off
   */
  public boolean getBoolean(String key, boolean defaultValue) {
    String v = settings.get(key);
    if (v == null) {
      return defaultValue;
    }
    String value = v.trim();
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("setting " + key + "='" + v + "' must be true or false");
  }

  /** Parses {@code key} as a duration with a unit, or returns {@code defaultValue} when unset. */
  public Duration getDuration(String key, Duration defaultValue) {
    String v = settings.get(key);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Durations.parse(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("setting " + key + ": " + e.getMessage(), e);
    }
  }

  /** Number of partitions of keyed operations (and task threads), {@code >= 1}. */
  public int partitions() {
    int p = getInt(PARTITIONS, Runtime.getRuntime().availableProcessors());
    if (p < 1) {
      throw new IllegalArgumentException(PARTITIONS + " must be >= 1, got " + p);
    }
    return p;
  }

  /**
   * Whether receivers write blocks to the write-ahead log ({@value #RECEIVER_WAL_ENABLE}, default
   * {@code false}).
   *
   * @throws IllegalArgumentException if the value is not {@code true} or {@code false}
   */
  public boolean receiverWalEnabled() {
    return getBoolean(RECEIVER_WAL_ENABLE, false);
  }

  /**
   * Whether a restart may resume without the state of an operator the job no longer has ({@value
   * #ALLOW_DROPPED_STATE}, default {@code false}).
   *
   * @throws IllegalArgumentException if the value is not {@code true} or {@code false}
   */
  public boolean allowDroppedState() {
    return getBoolean(ALLOW_DROPPED_STATE, false);
  }

  /**
   * Whether a JVM shutdown (SIGTERM) stops the context gracefully ({@value
   * #STOP_GRACEFULLY_ON_SHUTDOWN}, default {@code false}).
   *
   * @throws IllegalArgumentException if the value is not {@code true} or {@code false}
   */
  public boolean stopGracefullyOnShutdown() {
    return getBoolean(STOP_GRACEFULLY_ON_SHUTDOWN, false);
  }

  /** Options of the receiver and tracker write-ahead logs. */
  public io.tidemark.wal.WalOptions walOptions() {
    String policy = get(RECEIVER_WAL_DURABILITY).orElse("group").trim();
    io.tidemark.wal.DurabilityPolicy durability;
    switch (policy) {
      case "hsync":
        durability = io.tidemark.wal.DurabilityPolicy.HSYNC;
        break;
      case "group":
        durability = io.tidemark.wal.DurabilityPolicy.GROUP_COMMIT;
        break;
      case "hflush":
        durability = io.tidemark.wal.DurabilityPolicy.HFLUSH;
        break;
      default:
        throw new IllegalArgumentException(RECEIVER_WAL_DURABILITY + " must be hsync, group or hflush, got '" + policy + "'");
    }
    return io.tidemark.wal.WalOptions.defaults().withDurability(durability)
        .withRollingInterval(getDuration(RECEIVER_WAL_ROLLING_INTERVAL, Duration.ofSeconds(60)));
  }

  /**
   * The RocksDB block cache shared by all stores, in bytes ({@value #STATE_BLOCK_CACHE}, in MiB;
   * default 64 MiB).
   *
   * @throws IllegalArgumentException if the value is not a whole number of at least 1
   */
  public long stateBlockCacheBytes() {
    return mebibytes(STATE_BLOCK_CACHE, 64);
  }

  /**
   * The size of one RocksDB memtable of each store, in bytes ({@value #STATE_WRITE_BUFFER}, in
   * MiB; default 16 MiB). A store flushes a memtable to a new file when it is full: larger ones
   * mean fewer, larger files, for more native memory per store. A job has one store per stateful
   * operator and partition, so the engine's default is smaller than RocksDB's 64 MiB (which
   * {@link RocksDbStateOptions#defaults()} keeps for the state engine used on its own): 64 MiB
   * was not faster in the state-size benchmark, at 30 M keys (91,351 against 113,898 updates/s)
   * nor at 100 M (+3.6 %, with a worse p99; {@code benchmarks/results/2026-12-07-state-write-buffer}).
   *
   * @throws IllegalArgumentException if the value is not a whole number of at least 1
   */
  public long stateWriteBufferBytes() {
    return mebibytes(STATE_WRITE_BUFFER, 16);
  }

  private long mebibytes(String key, int defaultMiB) {
    int mib = getInt(key, defaultMiB);
    if (mib < 1) {
      throw new IllegalArgumentException(key + " must be at least 1 (MiB), got " + mib);
    }
    return (long) mib << 20;
  }

  /**
   * The block compression of the RocksDB state ({@value #STATE_COMPRESSION}, case-insensitive;
   * default {@code lz4}). Applies to the files RocksDB writes from then on; existing files keep
   * theirs until compacted, so a checkpoint stays readable when it changes.
   *
   * @throws IllegalArgumentException if the value is not {@code none}, {@code snappy}, {@code lz4}
   *     or {@code zstd}
   */
  public RocksDbStateOptions.Compression stateCompression() {
    return enumValue(STATE_COMPRESSION, RocksDbStateOptions.Compression.LZ4);
  }

  /**
   * How RocksDB compacts the state's files ({@value #STATE_COMPACTION_STYLE}, case-insensitive;
   * default {@code universal}). Either style opens state written with the other, so it may change
   * between runs of a job.
   *
   * @throws IllegalArgumentException if the value is not {@code level} or {@code universal}
   */
  public RocksDbStateOptions.CompactionStyle stateCompactionStyle() {
    return enumValue(STATE_COMPACTION_STYLE, RocksDbStateOptions.CompactionStyle.UNIVERSAL);
  }

  /**
   * The kind of the RocksDB block cache ({@value #STATE_BLOCK_CACHE_TYPE}, case-insensitive;
   * default {@code lru}). Only memory: it may change between runs of a job.
   *
   * @throws IllegalArgumentException if the value is not {@code lru} or {@code hyper_clock}
   */
  public RocksDbStateOptions.BlockCache stateBlockCacheType() {
    return enumValue(STATE_BLOCK_CACHE_TYPE, RocksDbStateOptions.BlockCache.LRU);
  }

  /** The constant of {@code defaultValue}'s enum named (case-insensitively) by {@code key}'s value. */
  private <E extends Enum<E>> E enumValue(String key, E defaultValue) {
    E[] values = defaultValue.getDeclaringClass().getEnumConstants();
    Optional<String> set = get(key);
    if (set.isEmpty()) {
      return defaultValue;
    }
    String value = set.get().trim();
    for (E e : values) {
      if (e.name().equalsIgnoreCase(value)) {
        return e;
      }
    }
    throw new IllegalArgumentException(key + " must be one of "
        + java.util.Arrays.stream(values)
            .map(e -> e.name().toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.joining(", "))
        + ", got '" + value + "'");
  }

  /**
   * Whether RocksDB reads the state's files through memory maps ({@value #STATE_MMAP_READS},
   * default {@code false}).
   *
   * @throws IllegalArgumentException if the value is not {@code true} or {@code false}
   */
  public boolean stateMmapReads() {
    return getBoolean(STATE_MMAP_READS, false);
  }

  /** Number of key groups, {@code >= partitions()}. */
  public int keyGroups() {
    int g = getInt(KEY_GROUPS, 128);
    if (g < 1 || g > (1 << 15)) {
      throw new IllegalArgumentException(KEY_GROUPS + " must be in [1, 32768], got " + g);
    }
    return g;
  }
}

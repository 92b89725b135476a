package io.tidemark.state;

import java.util.Objects;

/**
 * Tuning and durability options of the RocksDB state backend; an immutable value.
 *
 * <p>Build with {@link #builder()} or derive from {@link #defaults()} with the {@code with…}
 * methods. All sizes are in bytes. Memory is native (off-heap): the block cache is
 * {@code blockCacheSizeBytes} for the whole backend (shared by all its stores, as Flink's
 * managed memory shares one cache per slot); each store adds up to
 * {@code writeBufferSizeBytes * maxWriteBufferNumber} of memtables.
 *
 * <p>Durability: every commit writes RocksDB's write-ahead log. With {@code sync == false}
 * (the default) a commit returns once the log record is in the operating system's page cache:
 * a process crash ({@code kill -9}) loses nothing, but an operating-system crash or power loss
 * may lose the last commits (the store then reopens at an older version, which recovery
 * re-runs from its own log). With {@code sync == true} each commit also {@code fsync}s the log
 * (about 3,000 syncs/s on this project's reference machine).
 *
 * @param blockCacheSizeBytes block cache shared by all stores of one backend; {@code > 0};
 *     default 64 MiB. It holds data blocks; each open SST's index and bloom filter are held
 *     outside it, off-heap (about 1.3 bytes per key at 10 bits per key).
 * @param bloomFilterBitsPerKey bits per key of the bloom filter on data blocks; {@code 0}
 *     disables it; default 10 (about 1% false positives)
 * @param writeBufferSizeBytes size of one memtable per store; {@code >= 64 KiB}; default 64 MiB
 * @param maxWriteBufferNumber memtables per store (one active, the rest flushing);
 *     {@code >= 2}; default 2
 * @param compression block compression; default {@link Compression#LZ4}
 * @param compactionStyle how RocksDB compacts the state's files; default {@link
 *     CompactionStyle#UNIVERSAL}, as Kafka Streams' state stores. A stateful operator rewrites
 *     keys spread over the whole key space in every batch; universal (tiered) compaction merges
 *     the sorted runs fewer times than leveled compaction, so the background compaction takes
 *     less of the machine's CPU as the state grows (at 30 M keys, leveled, its thread had 30 % of
 *     the CPU samples of full-state batches on 2 cores). Measured with the state-size benchmark
 *     (mapWithState, -Xmx1g, 2 cores, leveled -> universal), full-state updates/s:
 *     uniform keys 62,832 -> 97,059 at 100 M (repeats of universal: 77,298, and 71,793 over 60
 *     batches) and 80,633 -> 113,898 at 30 M, Zipf keys 127,513 -> 157,825 at 100 M; at 1 M
 *     keys 196,271 -> 213,223 (uniform), within this machine's noise. Cost: a full compaction
 *     of a store rewrites all of it and needs its size again in free disk while it runs;
 *     superseded versions stay until that merge, so a data checkpoint after a store-wide change
 *     uploads more (10 M keys all changed: 249 against 199 MB); and a point read looks through a
 *     few more sorted runs (their bloom filters). A store written with one style opens with the
 *     other.
 * @param sync whether every commit {@code fsync}s the write-ahead log; default {@code false}
 * @param mmapReads whether RocksDB reads SST files through memory maps ({@code allow_mmap_reads})
 *     instead of {@code pread} into the block cache; default {@code false}. With {@link
 *     Compression#NONE} a point read then uses the mapped block in place: no system call, copy or
 *     cache insert. Measured with the state-size benchmark (mapWithState, uniform keys, -Xmx1g,
 *     2 cores, one run each within the hour, leveled compaction): 100 M keys 62,832 -> 87,444
 *     updates/s at full state, 1 M keys 196,271 -> 215,704 (Zipf keys, against a run hours
 *     earlier: 127,513 -> 186,886 and 449,133 -> 512,898), at the cost
 *     of 2.3x the state on disk (4.97 vs 2.20 GiB at 100 M) and the mapped pages in the
 *     process's resident set (peak RSS 3.9 vs 1.3 GiB). With compression on it does not help.
 * @param blockCache the kind of block cache; default {@link BlockCache#LRU}. {@link
 *     BlockCache#HYPER_CLOCK} (RocksDB's lock-free clock cache) costs less per miss when the state
 *     is far larger than the cache. Measured with the state-size benchmark's job (mapWithState,
 *     uniform keys, 500,000 updates a batch, -Xmx1g, 2 cores, alternating pairs, 2026-12-07,
 *     {@code benchmarks/results/2026-12-07-state-hyper-clock}): 100 M keys restored from one
 *     checkpoint 103,263 / 84,245 / 106,883 updates/s with LRU against 108,038 / 107,503 /
 *     108,271 with hyper-clock; 1 M keys (in the cache) 347,222 / 399,361 / 381,679 against
 *     331,345 / 384,024 / 383,729 (5 % and 4 % slower, then 1 % faster).
 */
public record RocksDbStateOptions(
    long blockCacheSizeBytes,
    double bloomFilterBitsPerKey,
    long writeBufferSizeBytes,
    int maxWriteBufferNumber,
    Compression compression,
    CompactionStyle compactionStyle,
    boolean sync,
    boolean mmapReads,
    BlockCache blockCache) {

  /** 64 MiB, the default block cache size. */
  public static final long DEFAULT_BLOCK_CACHE_SIZE_BYTES = 64L << 20;
  /** 10 bits per key, the default bloom filter. */
  public static final double DEFAULT_BLOOM_FILTER_BITS_PER_KEY = 10.0;
  /** 64 MiB, the default memtable size (RocksDB's and Flink's default). */
  public static final long DEFAULT_WRITE_BUFFER_SIZE_BYTES = 64L << 20;
  /** 2, the default number of memtables per store. */
  public static final int DEFAULT_MAX_WRITE_BUFFER_NUMBER = 2;

  private static final RocksDbStateOptions DEFAULTS = new RocksDbStateOptions(
      DEFAULT_BLOCK_CACHE_SIZE_BYTES, DEFAULT_BLOOM_FILTER_BITS_PER_KEY,
      DEFAULT_WRITE_BUFFER_SIZE_BYTES, DEFAULT_MAX_WRITE_BUFFER_NUMBER, Compression.LZ4,
      CompactionStyle.UNIVERSAL, false, false, BlockCache.LRU);

  /** Block compression of the RocksDB state backend's SST files. */
  public enum Compression {
    /** No compression. */
    NONE,
    /** Snappy. */
    SNAPPY,
    /** LZ4: fast, the default. */
    LZ4,
    /** Zstandard: smaller files, more CPU. */
    ZSTD
  }

  /** The kind of the backend's shared block cache. */
  public enum BlockCache {
    /** RocksDB's {@code LRUCache}: sharded, each shard a mutex and an LRU list; the default. */
    LRU,
    /**
     * RocksDB's {@code HyperClockCache} with its automatic entry sizing: lock-free lookups,
     * inserts and evictions.
     */
    HYPER_CLOCK
  }

  /** How RocksDB compacts the state backend's SST files (its {@code compaction_style}). */
  public enum CompactionStyle {
    /**
     * Leveled: each level above the first is one sorted run, ten times the size of the one
     * above it; the least space and read amplification, the most rewriting.
     */
    LEVEL,
    /**
     * Universal (tiered): sorted runs of similar size are merged together; the least rewriting,
     * the default.
     */
    UNIVERSAL
  }

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException if a value is out of range
   * @throws NullPointerException if {@code compression}, {@code compactionStyle} or {@code
   *     blockCache} is null
   */
  public RocksDbStateOptions {
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(compactionStyle, "compactionStyle");
    Objects.requireNonNull(blockCache, "blockCache");
    if (blockCacheSizeBytes <= 0) {
      throw new IllegalArgumentException("blockCacheSizeBytes must be > 0: " + blockCacheSizeBytes);
    }
    if (!(bloomFilterBitsPerKey >= 0 && bloomFilterBitsPerKey <= 64)) {
      throw new IllegalArgumentException(
          "bloomFilterBitsPerKey must be in [0, 64] (0 = off): " + bloomFilterBitsPerKey);
    }
    if (writeBufferSizeBytes < (64L << 10)) {
      throw new IllegalArgumentException(
          "writeBufferSizeBytes must be >= 64 KiB: " + writeBufferSizeBytes);
    }
    if (maxWriteBufferNumber < 2) {
      throw new IllegalArgumentException(
          "maxWriteBufferNumber must be >= 2: " + maxWriteBufferNumber);
    }
  }

  /**
   * The defaults: 64 MiB shared block cache, bloom 10 bits, 2 × 64 MiB memtables, LZ4, universal
   * compaction, no sync, no memory-mapped reads, an LRU block cache.
   */
  public static RocksDbStateOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder(DEFAULTS);
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A copy with another block cache size in bytes. */
  public RocksDbStateOptions withBlockCacheSizeBytes(long bytes) {
    return toBuilder().blockCacheSizeBytes(bytes).build();
  }

  /** A copy with another bloom filter (bits per key, 0 = off). */
  public RocksDbStateOptions withBloomFilterBitsPerKey(double bitsPerKey) {
    return toBuilder().bloomFilterBitsPerKey(bitsPerKey).build();
  }

  /** A copy with another memtable size in bytes. */
  public RocksDbStateOptions withWriteBufferSizeBytes(long bytes) {
    return toBuilder().writeBufferSizeBytes(bytes).build();
  }

  /** A copy with another number of memtables per store. */
  public RocksDbStateOptions withMaxWriteBufferNumber(int number) {
    return toBuilder().maxWriteBufferNumber(number).build();
  }

  /** A copy with another compression. */
  public RocksDbStateOptions withCompression(Compression compression) {
    return toBuilder().compression(compression).build();
  }

  /** A copy with another compaction style. */
  public RocksDbStateOptions withCompactionStyle(CompactionStyle compactionStyle) {
    return toBuilder().compactionStyle(compactionStyle).build();
  }

  /** A copy with commits that do ({@code true}) or do not {@code fsync} the log. */
  public RocksDbStateOptions withSync(boolean sync) {
    return toBuilder().sync(sync).build();
  }

  /** A copy that does ({@code true}) or does not read SST files through memory maps. */
  public RocksDbStateOptions withMmapReads(boolean mmapReads) {
    return toBuilder().mmapReads(mmapReads).build();
  }

  /** A copy with another kind of block cache. */
  public RocksDbStateOptions withBlockCache(BlockCache blockCache) {
    return toBuilder().blockCache(blockCache).build();
  }

  /** A mutable builder of {@link RocksDbStateOptions}; not thread-safe. */
  public static final class Builder {
    private long blockCacheSizeBytes;
    private double bloomFilterBitsPerKey;
    private long writeBufferSizeBytes;
    private int maxWriteBufferNumber;
    private Compression compression;
    private CompactionStyle compactionStyle;
    private boolean sync;
    private boolean mmapReads;
    private BlockCache blockCache;

    private Builder(RocksDbStateOptions from) {
      blockCacheSizeBytes = from.blockCacheSizeBytes;
      bloomFilterBitsPerKey = from.bloomFilterBitsPerKey;
      writeBufferSizeBytes = from.writeBufferSizeBytes;
      maxWriteBufferNumber = from.maxWriteBufferNumber;
      compression = from.compression;
      compactionStyle = from.compactionStyle;
      sync = from.sync;
      mmapReads = from.mmapReads;
      blockCache = from.blockCache;
    }

    /** Shared block cache size in bytes. */
    public Builder blockCacheSizeBytes(long bytes) {
      blockCacheSizeBytes = bytes;
      return this;
    }

    /** Bloom filter bits per key; 0 disables the filter. */
    public Builder bloomFilterBitsPerKey(double bitsPerKey) {
      bloomFilterBitsPerKey = bitsPerKey;
      return this;
    }

    /** Memtable size in bytes. */
    public Builder writeBufferSizeBytes(long bytes) {
      writeBufferSizeBytes = bytes;
      return this;
    }

    /** Number of memtables per store. */
    public Builder maxWriteBufferNumber(int number) {
      maxWriteBufferNumber = number;
      return this;
    }

    /** Block compression. */
    public Builder compression(Compression value) {
      compression = value;
      return this;
    }

    /** Compaction style. */
    public Builder compactionStyle(CompactionStyle value) {
      compactionStyle = value;
      return this;
    }

    /** Whether commits {@code fsync} the write-ahead log. */
    public Builder sync(boolean value) {
      sync = value;
      return this;
    }

    /** Whether RocksDB reads SST files through memory maps. */
    public Builder mmapReads(boolean value) {
      mmapReads = value;
      return this;
    }

    /** The kind of block cache. */
    public Builder blockCache(BlockCache value) {
      blockCache = value;
      return this;
    }

    /**
     * Builds the options.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public RocksDbStateOptions build() {
      return new RocksDbStateOptions(blockCacheSizeBytes, bloomFilterBitsPerKey,
          writeBufferSizeBytes, maxWriteBufferNumber, compression, compactionStyle, sync, mmapReads,
          blockCache);
    }
  }
}

package io.tidemark.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.state.RocksDbStateOptions;
import io.tidemark.state.RocksDbStateOptions.CompactionStyle;
import io.tidemark.state.RocksDbStateOptions.Compression;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing and validation of the settings {@link TidemarkConf} interprets itself. */
class TidemarkConfTest {

  @Test
  void stateCompressionDefaultsToLz4AndParsesEveryNameCaseInsensitively() {
    assertThat(new TidemarkConf().stateCompression()).isEqualTo(Compression.LZ4);
    assertThat(new TidemarkConf().set(TidemarkConf.STATE_COMPRESSION, "none").stateCompression())
        .isEqualTo(Compression.NONE);
    assertThat(new TidemarkConf().set(TidemarkConf.STATE_COMPRESSION, " ZSTD ").stateCompression())
        .isEqualTo(Compression.ZSTD);
    assertThat(new TidemarkConf().set(TidemarkConf.STATE_COMPRESSION, "Snappy").stateCompression())
        .isEqualTo(Compression.SNAPPY);
  }

  @Test
  void stateBlockCacheTypeDefaultsToLruAndRejectsAnUnknownName() {
    assertThat(new TidemarkConf().stateBlockCacheType()).isEqualTo(RocksDbStateOptions.BlockCache.LRU);
    assertThat(new TidemarkConf().set(TidemarkConf.STATE_BLOCK_CACHE_TYPE, " Hyper_Clock ")
        .stateBlockCacheType()).isEqualTo(RocksDbStateOptions.BlockCache.HYPER_CLOCK);
    TidemarkConf conf = new TidemarkConf().set(TidemarkConf.STATE_BLOCK_CACHE_TYPE, "clock");
    assertThatThrownBy(conf::stateBlockCacheType)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tidemark.state.rocksdb.blockCacheType must be one of lru, hyper_clock, got 'clock'");
  }

  @Test
  void anUnknownStateCompressionNamesTheKeyTheValueAndTheChoices() {
    TidemarkConf conf = new TidemarkConf().set(TidemarkConf.STATE_COMPRESSION, "gzip");
    assertThatThrownBy(conf::stateCompression)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tidemark.state.rocksdb.compression must be one of none, snappy, lz4, zstd, got 'gzip'");
  }

  @Test
  void partitionsAndKeyGroupsAreBounded() {
    assertThatThrownBy(() -> new TidemarkConf().set(TidemarkConf.PARTITIONS, "0").partitions())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(TidemarkConf.PARTITIONS);
    assertThatThrownBy(() -> new TidemarkConf().set(TidemarkConf.KEY_GROUPS, "40000").keyGroups())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 32768], got 40000");
  }

  @Test
  void stateMemorySizesAreMebibytesOfAtLeastOne() {
    assertThat(new TidemarkConf().stateBlockCacheBytes()).isEqualTo(64L << 20);
    assertThat(new TidemarkConf().stateWriteBufferBytes()).isEqualTo(16L << 20);
    assertThat(new TidemarkConf().set(TidemarkConf.STATE_WRITE_BUFFER, "64").stateWriteBufferBytes())
        .isEqualTo(64L << 20);
    assertThat(new TidemarkConf().set(TidemarkConf.STATE_BLOCK_CACHE, "4096").stateBlockCacheBytes())
        .isEqualTo(4096L << 20);
    TidemarkConf zero = new TidemarkConf().set(TidemarkConf.STATE_WRITE_BUFFER, "0");
    assertThatThrownBy(zero::stateWriteBufferBytes).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tidemark.state.rocksdb.writeBufferMiB must be at least 1 (MiB), got 0");
    TidemarkConf words = new TidemarkConf().set(TidemarkConf.STATE_BLOCK_CACHE, "64MiB");
    assertThatThrownBy(words::stateBlockCacheBytes).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(TidemarkConf.STATE_BLOCK_CACHE).hasMessageContaining("'64MiB'");
  }

  @Test
  void stateCompactionStyleDefaultsToUniversalAndRefusesAnUnknownName() {
    assertThat(new TidemarkConf().stateCompactionStyle()).isEqualTo(CompactionStyle.UNIVERSAL);
    assertThat(new TidemarkConf().set(TidemarkConf.STATE_COMPACTION_STYLE, " Level ").stateCompactionStyle())
        .isEqualTo(CompactionStyle.LEVEL);
    TidemarkConf conf = new TidemarkConf().set(TidemarkConf.STATE_COMPACTION_STYLE, "tiered");
    assertThatThrownBy(conf::stateCompactionStyle).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(TidemarkConf.STATE_COMPACTION_STYLE)
        .hasMessageContaining("level, universal").hasMessageContaining("'tiered'");
  }

  @ParameterizedTest
  @ValueSource(strings = {TidemarkConf.STATE_MMAP_READS, TidemarkConf.RECEIVER_WAL_ENABLE,
      TidemarkConf.ALLOW_DROPPED_STATE, TidemarkConf.STOP_GRACEFULLY_ON_SHUTDOWN})
  void everyBooleanSettingDefaultsToFalseTakesTrueOrFalseInAnyCaseAndRefusesAnythingElse(String key) {
    Function<TidemarkConf, Boolean> getter = switch (key) {
      case TidemarkConf.STATE_MMAP_READS -> TidemarkConf::stateMmapReads;
      case TidemarkConf.RECEIVER_WAL_ENABLE -> TidemarkConf::receiverWalEnabled;
      case TidemarkConf.ALLOW_DROPPED_STATE -> TidemarkConf::allowDroppedState;
      case TidemarkConf.STOP_GRACEFULLY_ON_SHUTDOWN -> TidemarkConf::stopGracefullyOnShutdown;
      default -> throw new IllegalArgumentException("no getter for " + key);
    };
    assertThat(getter.apply(new TidemarkConf())).as("unset").isFalse();
    assertThat(getter.apply(new TidemarkConf().set(key, " TRUE "))).isTrue();
    assertThat(getter.apply(new TidemarkConf().set(key, "False"))).isFalse();
    for (String misspelt : List.of("ture", "yes", "1", "")) {
      TidemarkConf conf = new TidemarkConf().set(key, misspelt);
      assertThatThrownBy(() -> getter.apply(conf)).as("'%s'", misspelt)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(key).hasMessageContaining("'" + misspelt + "'")
          .hasMessageContaining("true or false");
    }
  }
}

package io.tidemark.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.state.RocksDbStateOptions.CompactionStyle;
import io.tidemark.state.RocksDbStateOptions.Compression;
import org.junit.jupiter.api.Test;

class RocksDbStateOptionsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    RocksDbStateOptions defaults = RocksDbStateOptions.defaults();
    assertThat(defaults.blockCacheSizeBytes()).isEqualTo(64L << 20);
    assertThat(defaults.bloomFilterBitsPerKey()).isEqualTo(10.0);
    assertThat(defaults.writeBufferSizeBytes()).isEqualTo(64L << 20);
    assertThat(defaults.maxWriteBufferNumber()).isEqualTo(2);
    assertThat(defaults.compression()).isEqualTo(Compression.LZ4);
    assertThat(defaults.compactionStyle()).isEqualTo(CompactionStyle.UNIVERSAL);
    assertThat(defaults.sync()).isFalse();
    assertThat(defaults.mmapReads()).isFalse();
  }

  @Test
  void buildersAndWithersChangeOneValue() {
    RocksDbStateOptions options = RocksDbStateOptions.builder().sync(true)
        .compression(Compression.ZSTD).build();
    assertThat(options.sync()).isTrue();
    assertThat(options.compression()).isEqualTo(Compression.ZSTD);
    assertThat(options.withBlockCacheSizeBytes(1 << 20).blockCacheSizeBytes()).isEqualTo(1 << 20);
    assertThat(options.withBlockCacheSizeBytes(1 << 20).sync()).isTrue();
    assertThat(RocksDbStateOptions.defaults().withSync(false))
        .isEqualTo(RocksDbStateOptions.defaults());
    assertThat(options.withMmapReads(true).mmapReads()).isTrue();
    assertThat(options.withMmapReads(true).compression()).isEqualTo(Compression.ZSTD);
    assertThat(options.withCompactionStyle(CompactionStyle.LEVEL).compactionStyle())
        .isEqualTo(CompactionStyle.LEVEL);
    assertThat(options.withCompactionStyle(CompactionStyle.LEVEL).sync()).isTrue();
    assertThatThrownBy(() -> options.withCompactionStyle(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("compactionStyle");
  }

  @Test
  void outOfRangeValuesAreRejected() {
    assertThatThrownBy(() -> RocksDbStateOptions.defaults().withBlockCacheSizeBytes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blockCacheSizeBytes");
    assertThatThrownBy(() -> RocksDbStateOptions.defaults().withBloomFilterBitsPerKey(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RocksDbStateOptions.defaults().withWriteBufferSizeBytes(1024))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RocksDbStateOptions.defaults().withMaxWriteBufferNumber(1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RocksDbStateOptions.defaults().withCompression(null))
        .isInstanceOf(NullPointerException.class);
  }
}

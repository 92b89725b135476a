package io.tidemark.state.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rocksdb.LRUCache;

class RocksDbResourcesTest {

  @Test
  void closesEverythingNewestFirstExactlyOnce() {
    List<String> closed = new ArrayList<>();
    RocksDbResources resources = new RocksDbResources("test");
    resources.register(() -> closed.add("options"));
    resources.register(() -> closed.add("db"));
    resources.register(() -> closed.add("handle"));
    resources.close();
    resources.close();
    assertThat(closed).containsExactly("handle", "db", "options");
    assertThat(resources.isClosed()).isTrue();
  }

  @Test
  void oneFailingCloseDoesNotStopTheOthers() {
    List<String> closed = new ArrayList<>();
    RocksDbResources resources = new RocksDbResources("test");
    resources.register(() -> closed.add("first"));
    resources.register(() -> {
      throw new IllegalStateException("boom");
    });
    resources.register(() -> closed.add("last"));
    resources.close();
    assertThat(closed).containsExactly("last", "first");
  }

  @Test
  void registeringAfterCloseClosesTheNewResourceRightAway() {
    RocksDbNativeLibrary.load();
    RocksDbResources resources = new RocksDbResources("test");
    resources.close();
    LRUCache cache = new LRUCache(1 << 20);
    assertThatThrownBy(() -> resources.register(cache))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("test");
    assertThat(cache.isOwningHandle()).as("native cache released").isFalse();
  }
}

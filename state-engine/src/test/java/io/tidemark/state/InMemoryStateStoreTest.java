package io.tidemark.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InMemoryStateStoreTest extends StateStoreContractTest {

  @Override
  StateBackend newBackend(Path directory) {
    return StateBackends.inMemory();
  }

  @Test
  void aNewBackendStartsEmptyAsAfterARestart() {
    commit(store, 1000, 1, "a", "1");
    backend.close();
    backend = newBackend(tempDir);
    try (StateStore fresh = backend.open("op-1", 0, RANGE)) {
      assertThat(fresh.committedVersion()).isEqualTo(StateStore.NO_VERSION);
      assertThat(fresh.get(3, b("a"))).isNull();
    }
  }

  @Test
  void aWrongKeyCountIsRejectedAndTheCommitUndone() {
    commit(store, 1000, 2, "a", "1", "b", "2");
    StateWriteBatch batch = store.newWriteBatch();
    batch.put(3, b("a"), b("changed"));
    batch.delete(3, b("b"));
    batch.put(3, b("c"), b("3"));
    assertThatThrownBy(() -> store.commit(batch, 2000, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaves 2 keys");
    assertThat(store.committedVersion()).isEqualTo(1000);
    assertThat(store.numKeys()).isEqualTo(2);
    assertThat(s(store.get(3, b("a")))).isEqualTo("1");
    assertThat(s(store.get(3, b("b")))).isEqualTo("2");
    assertThat(store.get(3, b("c"))).isNull();
  }

  @Test
  void nameIsInMemory() {
    assertThat(backend.name()).isEqualTo("in-memory");
  }
}

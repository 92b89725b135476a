package io.tidemark.state.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.state.serde.KryoRegistry.Registration;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KryoRegistryTest {
  record A(int x) {}

  record B(String s) {}

  record C(long l) {}

  @Test
  void userClassesGetIdsFrom100InRegistrationOrder() {
    KryoRegistry registry = KryoRegistry.builder().register(A.class, B.class).register(C.class)
        .build();
    assertThat(registry.userRegistrations()).containsExactly(
        new Registration(A.class, 100), new Registration(B.class, 101),
        new Registration(C.class, 102));
  }

  @Test
  void explicitIdsArePinnedAndLaterClassesContinueAboveTheHighest() {
    KryoRegistry registry = KryoRegistry.builder().register(A.class, 150).register(B.class)
        .register(C.class, 120).build();
    assertThat(registry.userRegistrations()).containsExactly(
        new Registration(A.class, 150), new Registration(B.class, 151),
        new Registration(C.class, 120));
  }

  @Test
  void duplicateIdsAndClassesAreRejected() {
    assertThatThrownBy(() -> KryoRegistry.builder().register(A.class, 100).register(B.class, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate id 100");
    assertThatThrownBy(() -> KryoRegistry.builder().register(A.class).register(A.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already registered");
  }

  @Test
  void reservedIdsBuiltInsAbstractClassesAndPrimitivesAreRejected() {
    assertThatThrownBy(() -> KryoRegistry.builder().register(A.class, 99))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    assertThatThrownBy(() -> KryoRegistry.builder().register(String.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("built in");
    assertThatThrownBy(() -> KryoRegistry.builder().register(int.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("primitive");
    assertThatThrownBy(() -> KryoRegistry.builder().register(Serializable.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concrete");
    assertThatThrownBy(() -> KryoRegistry.builder().register(AbstractList.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("abstract");
  }

  @Test
  void builtInIdsAreFixed() {
    assertThat(KryoRegistry.builtIns()).contains(
        new Registration(Integer.class, 0), new Registration(String.class, 1),
        new Registration(Long.class, 7), new Registration(byte[].class, 10),
        new Registration(long[].class, 14), new Registration(java.util.ArrayList.class, 20),
        new Registration(java.util.HashMap.class, 21));
    assertThat(KryoRegistry.builtIns()).allSatisfy(r -> assertThat(r.id()).isLessThan(100));
  }

  @Test
  void registriesAreImmutableValues() {
    KryoRegistry.Builder builder = KryoRegistry.builder().register(A.class);
    KryoRegistry first = builder.build();
    builder.register(TreeMap.class);
    assertThat(first.userRegistrations()).hasSize(1);
    assertThat(first).isEqualTo(KryoRegistry.builder().register(A.class).build());
    assertThat(first.isRegistered(A.class)).isTrue();
    assertThat(first.isRegistered(Long.class)).isTrue();
    assertThat(first.isRegistered(B.class)).isFalse();
    assertThat(first.all()).hasSize(KryoRegistry.builtIns().size() + 1);
    assertThatThrownBy(() -> first.userRegistrations().add(new Registration(B.class, 200)))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}

package io.tidemark.streaming.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.invoke.MethodHandles;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class IsolatedClassTest {
  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

  /** A nested class cannot be a template: its nest attributes would not survive the copy. */
  static final class Nested {
    Nested() {}
  }

  @Test
  void eachKeyClassGetsItsOwnHiddenCopyAndTheSameKeyTheSameCopy() {
    IsolatedClass copies = IsolatedClass.of(LOOKUP, TaggingTemplate.class, String.class);

    Class<?> forString = copies.classFor(String.class);
    Class<?> forInteger = copies.classFor(Integer.class);

    assertThat(forString).isNotEqualTo(TaggingTemplate.class).isNotEqualTo(forInteger);
    assertThat(forString.isHidden()).isTrue();
    assertThat(forInteger.isHidden()).isTrue();
    assertThat(copies.classFor(String.class)).isSameAs(forString);
    assertThat(forString.getPackageName()).isEqualTo(TaggingTemplate.class.getPackageName());
  }

  @Test
  @SuppressWarnings("unchecked")
  void aCopyBehavesAsTheTemplate() {
    IsolatedClass copies = IsolatedClass.of(LOOKUP, TaggingTemplate.class, String.class);

    Function<String, String> f = (Function<String, String>) copies.newInstance(Long.class, "t");

    assertThat(f.getClass()).isSameAs(copies.classFor(Long.class));
    assertThat(f.apply("x")).isEqualTo("t:x:true");
    assertThat(new TaggingTemplate("t").apply("x")).isEqualTo("t:x:true");
  }

  @Test
  void copyingTurnedOffGivesTheTemplateItselfForEveryKey() {
    String before = System.getProperty(IsolatedClass.ENABLED_PROPERTY);
    System.setProperty(IsolatedClass.ENABLED_PROPERTY, "false");
    try {
      IsolatedClass copies = IsolatedClass.of(LOOKUP, TaggingTemplate.class, String.class);

      assertThat(copies.classFor(String.class)).isSameAs(TaggingTemplate.class);
      assertThat(copies.newInstance(Integer.class, "t")).isInstanceOf(TaggingTemplate.class);
    } finally {
      if (before == null) {
        System.clearProperty(IsolatedClass.ENABLED_PROPERTY);
      } else {
        System.setProperty(IsolatedClass.ENABLED_PROPERTY, before);
      }
    }
  }

  @Test
  void aNestedTemplateOrOneOutsideTheLookupsPackageIsRejected() {
    assertThatThrownBy(() -> IsolatedClass.of(LOOKUP, Nested.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a top-level class");
    assertThatThrownBy(() -> IsolatedClass.of(LOOKUP, String.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("io.tidemark.streaming.util");
  }

  @Test
  void aTemplateWithoutTheConstructorIsRejected() {
    assertThatThrownBy(() -> IsolatedClass.of(LOOKUP, TaggingTemplate.class, Integer.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no accessible constructor");
  }
}

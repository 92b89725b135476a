package io.tidemark.streaming.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CloseableIteratorTest {

  private static <T> List<T> drain(CloseableIterator<T> it) {
    List<T> out = new ArrayList<>();
    try (it) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void mapAndFilterChainLazilyInOrder() {
    AtomicInteger applied = new AtomicInteger();
    CloseableIterator<Integer> chain = CloseableIterator.of(List.of(1, 2, 3, 4, 5, 6))
        .filter(x -> x % 2 == 0)
        .map(x -> {
          applied.incrementAndGet();
          return x * 10;
        });

    assertThat(applied).hasValue(0);
    assertThat(drain(chain)).containsExactly(20, 40, 60);
    assertThat(applied).hasValue(3);
  }

  @Test
  void differentFunctionsGetDifferentIteratorClassesAndTheSameFunctionTheSameClass() {
    Function<Integer, Integer> twice = x -> x * 2;
    Function<Integer, Integer> plusOne = x -> x + 1;

    CloseableIterator<Integer> a = CloseableIterator.of(List.of(1)).map(twice);
    CloseableIterator<Integer> b = CloseableIterator.of(List.of(1)).map(plusOne);
    CloseableIterator<Integer> c = CloseableIterator.of(List.of(2)).map(twice);

    assertThat(a.getClass()).isNotEqualTo(b.getClass());
    assertThat(a.getClass()).isSameAs(c.getClass());
    assertThat(a.getClass().isHidden()).isTrue();
    assertThat(drain(a)).containsExactly(2);
    assertThat(drain(b)).containsExactly(2);
    assertThat(drain(c)).containsExactly(4);
  }

  @Test
  void closingTheEndOfAChainClosesTheWrappedResource() {
    AtomicInteger closed = new AtomicInteger();
    class Resource implements Iterator<String>, AutoCloseable {
      private final Iterator<String> items = List.of("a", "bb", "ccc").iterator();

      @Override
      public boolean hasNext() {
        return items.hasNext();
      }

      @Override
      public String next() {
        return items.next();
      }

      @Override
      public void close() {
        closed.incrementAndGet();
      }
    }

    List<Integer> lengths = drain(CloseableIterator.wrap(new Resource()).filter(s -> s.length() > 1).map(String::length));

    assertThat(lengths).containsExactly(2, 3);
    assertThat(closed).hasValue(1);
  }

  @Test
  void closingClosesTheGivenResourceNotTheIterator() {
    AtomicInteger closed = new AtomicInteger();

    List<String> items = drain(CloseableIterator.closing(List.of("a", "b").iterator(), closed::incrementAndGet));

    assertThat(items).containsExactly("a", "b");
    assertThat(closed).hasValue(1);
  }

  @Test
  void filterNextPastTheEndThrows() {
    CloseableIterator<Integer> it = CloseableIterator.of(List.of(1, 3)).filter(x -> x > 2);

    assertThat(it.next()).isEqualTo(3);
    assertThat(it.hasNext()).isFalse();
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
  }
}

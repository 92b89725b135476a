package io.tidemark.streaming.dstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BinaryOperator;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class KeyedShuffleAggregatorTest {

  @Test
  void eachMergeFunctionGetsItsOwnAggregatorClassThatCombinesWithIt() {
    Function<Integer, Integer> identity = v -> v;
    BinaryOperator<Integer> sum = Integer::sum;
    BinaryOperator<Integer> max = Math::max;

    KeyedShuffle.Aggregator<Integer, Integer> sums = KeyedShuffle.aggregator(identity, sum, sum);
    KeyedShuffle.Aggregator<Integer, Integer> maxima = KeyedShuffle.aggregator(identity, max, max);
    KeyedShuffle.Aggregator<Integer, Integer> sumsAgain = KeyedShuffle.aggregator(identity, sum, sum);

    assertThat(sums.getClass()).isNotEqualTo(maxima.getClass()).isSameAs(sumsAgain.getClass());
    assertThat(sums.getClass().isHidden()).isTrue();
    assertThat(sums.mergeCombiners(sums.mergeValue(sums.createCombiner(3), 4), 5)).isEqualTo(12);
    assertThat(maxima.mergeCombiners(maxima.mergeValue(maxima.createCombiner(3), 9), 5)).isEqualTo(9);
  }
}

package io.tidemark.streaming;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The specification of a {@link PairDStream#mapWithState} operation, as Spark's {@code
 * StateSpec}: the mapping function plus optional initial state, number of partitions and
 * idle timeout. Immutable: every setter returns a new spec.
 *
 * <p>The function is called once per record, in record order within its key, with the key, the
 * record's value and the key's {@link State}; what it returns is emitted by the mapped stream
 * ({@code null} is emitted as {@code null}). The state is read from the store once per key per
 * batch and written once per key per batch.
 *
 * @param <K> key type
 * @param <V> value type
 * @param <S> state type (register it with Kryo)
 * @param <M> mapped type
 */
public final class StateSpec<K, V, S, M> {
  private final MappingFunction<K, V, S, M> function;
  private final List<KeyValue<K, S>> initialState;
  private final int numPartitions;
  private final Duration timeout;

  private StateSpec(MappingFunction<K, V, S, M> function, List<KeyValue<K, S>> initialState,
      int numPartitions, Duration timeout) {
    this.function = function;
    this.initialState = initialState;
    this.numPartitions = numPartitions;
    this.timeout = timeout;
  }

  /** The mapping function of a {@link StateSpec}. */
  @FunctionalInterface
  public interface MappingFunction<K, V, S, M> {
    /**
     * @param key the key
     * @param value the record's value, or empty when the key is timing out
     * @param state the key's state
     * @return the value to emit
     */
    M call(K key, Optional<V> value, State<S> state) throws Exception;
  }

  /** A spec with {@code function} and defaults: no initial state, default partitions, no timeout. */
  public static <K, V, S, M> StateSpec<K, V, S, M> function(MappingFunction<K, V, S, M> function) {
    if (function == null) {
      throw new IllegalArgumentException("the mapping function must not be null");
    }
    return new StateSpec<>(function, List.of(), 0, null);
  }

  /** The state keys start with, loaded before the first batch (ignored when resuming). */
  public StateSpec<K, V, S, M> initialState(List<KeyValue<K, S>> pairs) {
    return new StateSpec<>(function, List.copyOf(pairs), numPartitions, timeout);
  }

  /** Number of state partitions ({@code <= tidemark.keyGroups}); default {@code tidemark.partitions}. */
  public StateSpec<K, V, S, M> numPartitions(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("numPartitions must be >= 1, got " + n);
    }
    return new StateSpec<>(function, initialState, n, timeout);
  }

  /**
   * Removes a key's state when it received no record for {@code idle} (a multiple of the batch
   * interval), after one last call with {@link State#isTimingOut()} true. As in Spark, a key
   * that receives data while a timeout is set has its idle time reset even if its state was
   * not updated.
   */
  public StateSpec<K, V, S, M> timeout(Duration idle) {
    if (idle == null || idle.isNegative() || idle.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + idle);
    }
    return new StateSpec<>(function, initialState, numPartitions, idle);
  }

  public MappingFunction<K, V, S, M> mappingFunction() {
    return function;
  }

  public List<KeyValue<K, S>> initialStatePairs() {
    return initialState;
  }

  /** Partitions, or 0 for the context default. */
  public int numPartitionsOrDefault() {
    return numPartitions;
  }

  public Optional<Duration> timeoutDuration() {
    return Optional.ofNullable(timeout);
  }
}

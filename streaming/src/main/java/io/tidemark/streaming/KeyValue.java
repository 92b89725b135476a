package io.tidemark.streaming;

/**
 * A key and a value: the element type of a {@link PairDStream}, like Spark's {@code Tuple2}.
 * Printed as Spark prints a tuple, {@code (key,value)}. Equality is by key and value.
 *
 * @param key the key; must implement {@code equals}/{@code hashCode} consistently and be
 *     serialisable with the context's Kryo registrations when it reaches a keyed operation
 * @param value the value; may be {@code null} only where an operation says so
 */
public record KeyValue<K, V>(K key, V value) {

  /** Shorthand for {@code new KeyValue<>(key, value)}. */
  public static <K, V> KeyValue<K, V> of(K key, V value) {
    return new KeyValue<>(key, value);
  }

  @Override
  public String toString() {
    return "(" + key + "," + value + ")";
  }
}

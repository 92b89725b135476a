package io.tidemark.bench;

import io.tidemark.state.serde.KryoRegistry;
import io.tidemark.state.serde.KryoSerde;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Kryo serialisation of state keys and values through {@link KryoSerde} (registration required,
 * pooled Kryo instances): a String key (an airport route, as the flights job's keys), a Long
 * (a counter) and a small record (the flights job's per-origin statistics: four numbers). Each
 * {@code serialize} returns a new right-sized array; each {@code deserialize} a new object.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SerdeBenchmark {

  /** A small state value: the per-origin statistics of the flights job. */
  public record OriginStats(long count, long sumDelay, int maxDelay, long delayedCount) {}

  private KryoSerde serde;
  private String stringKey;
  private Long longValue;
  private OriginStats recordValue;
  private byte[] stringBytes;
  private byte[] longBytes;
  private byte[] recordBytes;

  /** Builds the serde and the serialised forms. */
  @Setup
  public void setUp() {
    serde = new KryoSerde(KryoRegistry.builder().register(OriginStats.class).build());
    stringKey = "SFO-LAX";
    longValue = 1_234_567_890L;
    recordValue = new OriginStats(123_456, 1_975_310, 1_440, 23_456);
    stringBytes = serde.serialize(stringKey);
    longBytes = serde.serialize(longValue);
    recordBytes = serde.serialize(recordValue);
  }

  /** String key to bytes. */
  @Benchmark
  public byte[] serializeString() {
    return serde.serialize(stringKey);
  }

  /** Bytes to String key. */
  @Benchmark
  public Object deserializeString() {
    return serde.deserialize(stringBytes, String.class);
  }

  /** Long to bytes. */
  @Benchmark
  public byte[] serializeLong() {
    return serde.serialize(longValue);
  }

  /** Bytes to Long. */
  @Benchmark
  public Object deserializeLong() {
    return serde.deserialize(longBytes, Long.class);
  }

  /** Record to bytes. */
  @Benchmark
  public byte[] serializeRecord() {
    return serde.serialize(recordValue);
  }

  /** Bytes to record. */
  @Benchmark
  public Object deserializeRecord() {
    return serde.deserialize(recordBytes, OriginStats.class);
  }
}

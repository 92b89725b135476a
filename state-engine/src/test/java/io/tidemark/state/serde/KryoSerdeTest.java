package io.tidemark.state.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.esotericsoftware.kryo.io.Output;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KryoSerdeTest {

  /** The per-origin state of the flights job. */
  record OriginStats(long count, double sumDelay, int maxDelay, long delayedCount) {}

  record Route(String origin, String destination) {}

  record Window(Route route, List<Integer> delays, Map<String, Long> byCarrier) {}

  private record PrivateRecord(int value) {}

  enum Kind { ARRIVAL, DEPARTURE }

  /** A POJO: private fields, a private no-arg constructor. */
  static final class Session {
    private String user;
    private long start;
    private int[] pages;
    private Kind kind;

    @SuppressWarnings("unused")
    private Session() {}

    Session(String user, long start, int[] pages, Kind kind) {
      this.user = user;
      this.start = start;
      this.pages = pages;
      this.kind = kind;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Session s && s.user.equals(user) && s.start == start
          && Arrays.equals(s.pages, pages) && s.kind == kind;
    }

    @Override
    public int hashCode() {
      return Objects.hash(user, start);
    }
  }

  record Unregistered(int x) {}

  record HoldsUnregistered(Unregistered inner) {}

  static final class NoDefaultConstructor {
    final int x;

    NoDefaultConstructor(int x) {
      this.x = x;
    }
  }

  static final KryoRegistry REGISTRY = KryoRegistry.builder()
      .register(OriginStats.class, Route.class, Window.class, PrivateRecord.class, Kind.class,
          Session.class, HoldsUnregistered.class, Route[].class, TreeMap.class)
      .build();

  final KryoSerde serde = new KryoSerde(REGISTRY);

  static Stream<Object> builtIns() {
    ArrayList<Object> mixed = new ArrayList<>(List.of("a", 1, 2L, 3.0));
    mixed.add(null);
    HashMap<String, Object> nested = new HashMap<>();
    nested.put("list", new ArrayList<>(List.of(1, 2, 3)));
    nested.put("null", null);
    nested.put("long", 7L);
    return Stream.of("", "hello", "héllo ☃ 𝄞", "x".repeat(10_000), 0, -1, Integer.MAX_VALUE,
        Long.MIN_VALUE, 42L, 3.5f, -0.0f, Float.NaN, 2.25, Double.NEGATIVE_INFINITY, true, false,
        (byte) -7, 'x', (short) 300, new byte[] {0, -1, 127}, new char[] {'a', 'é'},
        new short[] {1, -1}, new int[] {1, 2, Integer.MIN_VALUE}, new long[] {Long.MAX_VALUE},
        new float[] {1.5f}, new double[] {Math.PI}, new boolean[] {true, false}, new int[0],
        mixed, nested, new HashSet<>(List.of("x", "y", "z")), new ArrayList<>());
  }

  @ParameterizedTest
  @MethodSource("builtIns")
  void builtInsRoundTrip(Object value) {
    Object back = serde.deserialize(serde.serialize(value));
    assertThat(back).isEqualTo(value);
    assertThat(back).isInstanceOf(value.getClass());
  }

  @Test
  void recordsRoundTripThroughTheirCanonicalConstructor() {
    OriginStats stats = new OriginStats(10, 123.5, 90, 3);
    assertThat(serde.deserialize(serde.serialize(stats), OriginStats.class)).isEqualTo(stats);

    HashMap<String, Long> byCarrier = new HashMap<>(Map.of("AA", 3L, "UA", 5L));
    Window window = new Window(new Route("SFO", "JFK"), new ArrayList<>(List.of(5, -3, 40)),
        byCarrier);
    assertThat(serde.deserialize(serde.serialize(window))).isEqualTo(window);
    assertThat(serde.deserialize(serde.serialize(new PrivateRecord(7))))
        .isEqualTo(new PrivateRecord(7));
    Route[] routes = {new Route("A", "B"), null, new Route("C", "D")};
    assertThat((Object[]) serde.deserialize(serde.serialize(routes), Route[].class))
        .containsExactly(routes);
  }

  @Test
  void registeredPojosAndEnumsRoundTrip() {
    Session session = new Session("ann", 1_700_000_000_000L, new int[] {3, 1, 4}, Kind.ARRIVAL);
    assertThat(serde.deserialize(serde.serialize(session), Session.class)).isEqualTo(session);
    assertThat(serde.deserialize(serde.serialize(Kind.DEPARTURE))).isEqualTo(Kind.DEPARTURE);
    TreeMap<String, Integer> sorted = new TreeMap<>(Map.of("b", 2, "a", 1));
    assertThat(serde.deserialize(serde.serialize(sorted))).isEqualTo(sorted);
  }

  @Test
  void anUnregisteredClassSaysHowToRegisterIt() {
    assertThatThrownBy(() -> serde.serialize(new Unregistered(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Unregistered.class.getName())
        .hasMessageContaining("Register the class with KryoRegistry")
        .hasMessageContaining("register(KryoSerdeTest.Unregistered.class)");
    assertThatThrownBy(() -> serde.serialize(new HoldsUnregistered(new Unregistered(1))))
        .as("also when nested in a registered class")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Unregistered.class.getName())
        .hasMessageContaining("while serialising a " + HoldsUnregistered.class.getName());
    assertThatThrownBy(() -> serde.serialize(new java.util.LinkedList<>()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.util.LinkedList");
    // The serde keeps working after a failure.
    assertThat(serde.deserialize(serde.serialize("ok"))).isEqualTo("ok");
  }

  @Test
  void aClassKryoCannotCreateIsRejectedWhenTheSerdeIsBuilt() {
    KryoRegistry registry = KryoRegistry.builder().register(NoDefaultConstructor.class).build();
    assertThatThrownBy(() -> new KryoSerde(registry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-arg constructor");
  }

  @Test
  void nullIsRefused() {
    assertThatThrownBy(() -> serde.serialize(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> serde.deserialize(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void typedDeserialiseChecksTheType() {
    byte[] bytes = serde.serialize("text");
    assertThat(serde.deserialize(bytes, String.class)).isEqualTo("text");
    assertThat(serde.deserialize(bytes, CharSequence.class)).isEqualTo("text");
    assertThatThrownBy(() -> serde.deserialize(bytes, Long.class))
        .isInstanceOf(StateSerializationException.class)
        .hasMessageContaining("java.lang.String")
        .hasMessageContaining("java.lang.Long");
  }

  @Test
  void equalHashMapsAndSetsGiveEqualBytesWhateverTheirHistory() {
    // "Aa" and "BB" share a hash code: their order in the bucket depends on insertion order.
    List<String> keys = new ArrayList<>(List.of("Aa", "BB", "AaAa", "BBBB", "AaBB", "x", "y"));
    for (int i = 0; i < 100; i++) {
      keys.add("k" + i);
    }
    HashMap<String, Integer> forward = new HashMap<>();
    keys.forEach(k -> forward.put(k, k.length()));
    HashMap<String, Integer> backward = new HashMap<>(4096);
    for (int i = keys.size() - 1; i >= 0; i--) {
      backward.put(keys.get(i), keys.get(i).length());
    }
    assertThat(backward).isEqualTo(forward);
    assertThat(List.copyOf(backward.keySet())).as("iteration orders differ")
        .isNotEqualTo(List.copyOf(forward.keySet()));
    assertThat(serde.serialize(backward)).isEqualTo(serde.serialize(forward));

    HashSet<String> setForward = new HashSet<>(keys);
    HashSet<String> setBackward = new HashSet<>(4096);
    for (int i = keys.size() - 1; i >= 0; i--) {
      setBackward.add(keys.get(i));
    }
    assertThat(serde.serialize(setBackward)).isEqualTo(serde.serialize(setForward));
  }

  @Test
  void equalValuesGiveEqualBytesAcrossSerdeInstances() {
    KryoSerde other = new KryoSerde(REGISTRY);
    Window window = new Window(new Route("SFO", "JFK"), new ArrayList<>(List.of(1, 2)),
        new HashMap<>(Map.of("AA", 1L, "UA", 2L, "DL", 3L)));
    Window copy = new Window(new Route(new String("SFO"), "JFK"), new ArrayList<>(List.of(1, 2)),
        new HashMap<>(Map.of("DL", 3L, "UA", 2L, "AA", 1L)));
    assertThat(other.serialize(copy)).isEqualTo(serde.serialize(window));
    assertThat(other.serialize(new Session("a", 1, new int[] {1}, Kind.ARRIVAL)))
        .isEqualTo(serde.serialize(new Session("a", 1, new int[] {1}, Kind.ARRIVAL)));
  }

  @Test
  void theEncodingOfBuiltInsIsPinned() {
    // These bytes are on disk in every state store: a change here breaks existing checkpoints.
    HexFormat hex = HexFormat.of();
    assertThat(hex.formatHex(serde.serialize(42))).isEqualTo("0254");
    assertThat(hex.formatHex(serde.serialize(42L))).isEqualTo("0954");
    assertThat(hex.formatHex(serde.serialize("SFO"))).isEqualTo("035346cf");
    assertThat(hex.formatHex(serde.serialize(new long[] {1, 2}))).isEqualTo("10030204");
    assertThat(hex.formatHex(serde.serialize(new OriginStats(1, 0.5, 2, 0))))
        .isEqualTo("66020004000000000000e03f"); // components in name order
  }

  @Test
  void bytesOfAnotherRegistryAreReportedAsSuch() {
    KryoSerde writer = new KryoSerde(KryoRegistry.builder()
        .register(OriginStats.class, Route.class, Window.class, PrivateRecord.class, Kind.class,
            Session.class, HoldsUnregistered.class, Route[].class, TreeMap.class,
            Unregistered.class).build());
    byte[] bytes = writer.serialize(new Unregistered(3));
    assertThatThrownBy(() -> serde.deserialize(bytes))
        .isInstanceOf(StateSerializationException.class)
        .hasMessageContaining("another KryoRegistry");
  }

  @Test
  void truncatedBytesAndTrailingBytesAreMalformed() {
    byte[] valid = serde.serialize(new Window(new Route("SFO", "JFK"),
        new ArrayList<>(List.of(1, 2, 3)), new HashMap<>(Map.of("AA", 1L))));
    for (int length = 0; length < valid.length; length++) {
      byte[] prefix = Arrays.copyOf(valid, length);
      assertThatThrownBy(() -> serde.deserialize(prefix))
          .as("prefix of %d bytes", length)
          .isInstanceOf(StateSerializationException.class);
    }
    byte[] longer = Arrays.copyOf(valid, valid.length + 1);
    assertThatThrownBy(() -> serde.deserialize(longer))
        .isInstanceOf(StateSerializationException.class)
        .hasMessageContaining("1 trailing bytes");
    assertThatThrownBy(() -> serde.deserialize(new byte[] {0}))
        .isInstanceOf(StateSerializationException.class)
        .hasMessageContaining("null");
  }

  /** The class header of {@code value}'s serialised form, found from a real serialisation. */
  private byte[] header(Object empty, int trailing) {
    byte[] bytes = serde.serialize(empty);
    return Arrays.copyOf(bytes, bytes.length - trailing);
  }

  private static byte[] concat(byte[] head, Output tail) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head);
    out.writeBytes(tail.toBytes());
    return out.toByteArray();
  }

  static Stream<String> hugeLengths() {
    return Stream.of("byte[]", "int[]", "long[]", "double[]", "char[]", "ArrayList", "HashMap",
        "HashSet", "TreeMap", "Route[]");
  }

  @ParameterizedTest
  @MethodSource("hugeLengths")
  void aHugeLengthInCorruptBytesIsRefusedWithoutAllocating(String kind) {
    Object empty = switch (kind) {
      case "byte[]" -> new byte[0];
      case "int[]" -> new int[0];
      case "long[]" -> new long[0];
      case "double[]" -> new double[0];
      case "char[]" -> new char[0];
      case "ArrayList" -> new ArrayList<>();
      case "HashMap" -> new HashMap<>();
      case "HashSet" -> new HashSet<>();
      case "TreeMap" -> new TreeMap<>();
      case "Route[]" -> new Route[0];
      default -> throw new IllegalArgumentException(kind);
    };
    // Empty collections and arrays end with one length byte (0 or 1); swap in a huge length.
    Output huge = new Output(8);
    huge.writeVarInt(Integer.MAX_VALUE - 1, true);
    byte[] corrupt = concat(header(empty, 1), huge);
    assertThatThrownBy(() -> serde.deserialize(corrupt))
        .isInstanceOf(StateSerializationException.class)
        .hasMessageContaining("exceeds");
  }

  @Test
  void aHugeStringLengthIsRefusedWithoutAllocating() {
    byte[] head = header("", 1);
    Output huge = new Output(8);
    huge.writeVarIntFlag(true, Integer.MAX_VALUE - 1, true);
    assertThatThrownBy(() -> serde.deserialize(concat(head, huge)))
        .isInstanceOf(StateSerializationException.class)
        .hasMessageContaining("exceeds");
  }

  @Test
  void aGraphNestedTooDeeplyIsRefusedInBothDirections() {
    byte[] inner = serde.serialize(new ArrayList<>());
    byte[] outer = serde.serialize(new ArrayList<>(List.of(new ArrayList<>())));
    byte[] level = Arrays.copyOf(outer, outer.length - inner.length);
    ByteArrayOutputStream deep = new ByteArrayOutputStream();
    for (int i = 0; i < 200_000; i++) {
      deep.writeBytes(level);
    }
    deep.writeBytes(inner);
    assertThatThrownBy(() -> serde.deserialize(deep.toByteArray()))
        .isInstanceOf(StateSerializationException.class)
        .hasMessageContaining("depth");

    ArrayList<Object> nested = new ArrayList<>();
    ArrayList<Object> current = nested;
    for (int i = 0; i < KryoSerde.MAX_DEPTH + 10; i++) {
      ArrayList<Object> next = new ArrayList<>();
      current.add(next);
      current = next;
    }
    assertThatThrownBy(() -> serde.serialize(nested))
        .isInstanceOf(StateSerializationException.class);
  }

  @Test
  void randomlyCorruptedBytesNeverEscapeAsAnythingButStateSerializationException() {
    List<byte[]> samples = List.of(
        serde.serialize(new Window(new Route("SFO", "JFK"), new ArrayList<>(List.of(1, 2, 3)),
            new HashMap<>(Map.of("AA", 1L, "UA", 7L)))),
        serde.serialize(new Session("ann", 5, new int[] {1, 2, 3}, Kind.ARRIVAL)),
        serde.serialize(new ArrayList<>(List.of("héllo", new long[] {1, 2}, 3.5))),
        serde.serialize(new Route[] {new Route("A", "B")}));
    SplittableRandom random = new SplittableRandom(7);
    int failures = 0;
    // Each failure drops the thread's Kryo (see KryoSerde), about 1 ms to rebuild: keep it small.
    for (int i = 0; i < 3_000; i++) {
      byte[] bytes = samples.get(i % samples.size()).clone();
      int flips = 1 + random.nextInt(3);
      for (int f = 0; f < flips; f++) {
        int at = random.nextInt(bytes.length);
        bytes[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) 0xff;
      }
      Throwable thrown = catchThrowable(() -> serde.deserialize(bytes));
      if (thrown != null) {
        failures++;
        assertThat(thrown).as("mutation %d", i).isInstanceOf(StateSerializationException.class);
      }
    }
    assertThat(failures).as("most mutations are detected").isGreaterThan(600);
  }

  @Test
  void aThreadGoesOnAfterAFailedCallAndAfterAValueLargerThanTheKeptBuffer() {
    // Both drop the thread's Kryo instance; the next call on the thread must build a working one.
    assertThatThrownBy(() -> serde.serialize(new Unregistered(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(serde.deserialize(serde.serialize("after a failed write"))).isEqualTo("after a failed write");
    assertThatThrownBy(() -> serde.deserialize(new byte[] {(byte) 0xff, 0x7f}))
        .isInstanceOf(StateSerializationException.class);
    assertThat(serde.deserialize(serde.serialize(42L))).isEqualTo(42L);
    long[] large = new long[20_000]; // 160 KB of output: more than the kept buffer
    Arrays.setAll(large, i -> i * 31L);
    assertThat((long[]) serde.deserialize(serde.serialize(large))).containsExactly(large);
    OriginStats small = new OriginStats(1, 2, 3, 4);
    assertThat(serde.deserialize(serde.serialize(small))).isEqualTo(small);
  }

  @Test
  void oneSerdeIsSafeToShareBetweenThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        tasks.add(pool.submit(() -> {
          for (int i = 0; i < 5_000; i++) {
            OriginStats stats = new OriginStats(thread, i, i % 7, i / 3);
            Object value = i % 2 == 0 ? stats : "t" + thread + "-" + i;
            assertThat(serde.deserialize(serde.serialize(value))).isEqualTo(value);
          }
        }));
      }
      for (Future<?> task : tasks) {
        task.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

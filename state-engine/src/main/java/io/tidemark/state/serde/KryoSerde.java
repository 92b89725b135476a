package io.tidemark.state.serde;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.RecordSerializer;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Turns state keys and values into bytes and back with Kryo 5, for the classes of one
 * {@link KryoRegistry} only ({@code registrationRequired}): the serialisation Tidemark stores
 * in state and checkpoints, in the role Kryo plays in Spark ({@code spark.kryo.registrationRequired}).
 *
 * <p><b>Format.</b> {@link #serialize} writes Kryo's {@code writeClassAndObject}: the class id
 * from the registry, then the object. Nothing else (no Java serialisation, no class names).
 * References are off, so shared sub-objects are written once per use and cycles are refused
 * (the graph depth is bounded by {@value #MAX_DEPTH}).
 *
 * <p><b>Determinism.</b> Equal values give equal bytes, because keys are hashed into key groups
 * and compared as bytes: strings, boxes and primitive arrays have one encoding; records and
 * POJOs are written component by component in a fixed order; {@code HashMap} and
 * {@code HashSet} are written sorted by their elements' bytes, not in hash order. (Classes
 * registered by the user that iterate in hash order, e.g. a {@code LinkedHashMap} built in
 * varying order or a custom hash set, are the user's to keep deterministic.)
 *
 * <p><b>Malformed bytes</b> give a {@link StateSerializationException}, never an
 * {@link OutOfMemoryError}: every length read is checked against the bytes left before
 * anything is allocated, trailing bytes are refused, and so is a graph deeper than
 * {@value #MAX_DEPTH}.
 *
 * <p><b>Thread-safety.</b> Thread-safe: each thread keeps its own Kryo instance with its output
 * buffer (a {@link ThreadLocal}, as Kryo's documentation suggests), so the hot path (one key per
 * record) allocates only the result array and takes no lock. A Kryo instance that threw, or
 * whose output buffer grew beyond {@value #MAX_KEPT_BUFFER_BYTES} bytes, is dropped and the
 * thread's next call builds a new one (about 1 ms). Calls do not nest: the registry registers
 * classes, never serializers, so no serializer calls back into this serde.
 */
public final class KryoSerde {

  /** Deepest object graph accepted, in nested objects; deeper graphs are refused. */
  public static final int MAX_DEPTH = 512;

  private static final int INITIAL_BUFFER_BYTES = 256;
  /** Output buffers that grew beyond this are not kept for the thread's next call. */
  private static final int MAX_KEPT_BUFFER_BYTES = 64 << 10;
  private static final String NOT_REGISTERED = "Class is not registered: ";
  private static final byte[] EMPTY = new byte[0];

  private final KryoRegistry registry;
  private final ThreadLocal<Context> contexts = new ThreadLocal<>();

  /** One Kryo with its reusable buffers; used by one thread, one call at a time. */
  private static final class Context {
    final Kryo kryo;
    final Output output = new Output(INITIAL_BUFFER_BYTES, -1);
    final BoundedInput input = new BoundedInput();

    Context(Kryo kryo) {
      this.kryo = kryo;
    }
  }

  /**
   * A serde for the classes of {@code registry}.
   *
   * @throws IllegalArgumentException if a registered class cannot be written, e.g. a class
   *     without a no-arg constructor that is not a record
   * @throws NullPointerException if {@code registry} is null
   */
  public KryoSerde(KryoRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    contexts.set(new Context(newKryo())); // fails fast on an unusable registry
  }

  /** This thread's context, created on its first call. */
  private Context context() {
    Context context = contexts.get();
    if (context == null) {
      context = new Context(newKryo());
      contexts.set(context);
    }
    return context;
  }

  /** Ends a call: a context that threw or grew too large is not used again. */
  private void release(boolean reusable) {
    if (!reusable) {
      contexts.remove();
    }
  }

  /** The registry this serde writes and reads. */
  public KryoRegistry registry() {
    return registry;
  }

  private Kryo newKryo() {
    Kryo kryo = new Kryo();
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false);
    kryo.setMaxDepth(MAX_DEPTH);
    // Defaults for classes the user registers: bounded reads (see BoundedInput).
    kryo.addDefaultSerializer(Collection.class,
        factory((k, type) -> new BoundedSerializers.BoundedCollectionSerializer<>()));
    kryo.addDefaultSerializer(Map.class,
        factory((k, type) -> new BoundedSerializers.BoundedMapSerializer<>()));
    kryo.addDefaultSerializer(Object[].class,
        factory(BoundedSerializers.BoundedObjectArraySerializer::new));
    for (KryoRegistry.Registration builtIn : KryoRegistry.builtIns()) {
      registerBuiltIn(kryo, builtIn);
    }
    for (KryoRegistry.Registration user : registry.userRegistrations()) {
      Class<?> type = user.type();
      if (type.isRecord()) {
        kryo.register(type, new RecordSerializer<>(type), user.id());
      } else {
        checkInstantiable(type);
        kryo.register(type, user.id());
      }
    }
    return kryo;
  }

  /** A factory from a constructor reference (Kryo's reflective factory needs public classes). */
  @SuppressWarnings("rawtypes")
  private static SerializerFactory<Serializer> factory(
      BiFunction<Kryo, Class, Serializer> constructor) {
    return new SerializerFactory.BaseSerializerFactory<>() {
      @Override
      public Serializer newSerializer(Kryo kryo, Class type) {
        return constructor.apply(kryo, type);
      }
    };
  }

  private static void registerBuiltIn(Kryo kryo, KryoRegistry.Registration builtIn) {
    Class<?> type = builtIn.type();
    int id = builtIn.id();
    if (id < 10) {
      // Kryo registers String and the primitives (with their boxes) itself, with these ids.
      com.esotericsoftware.kryo.Registration actual = kryo.getRegistration(type);
      if (actual == null || actual.getId() != id) {
        throw new IllegalStateException("this Kryo version registers " + type.getName()
            + " with id " + (actual == null ? "none" : actual.getId()) + ", Tidemark's format needs "
            + id + "; state written by Tidemark cannot be read with it");
      }
    } else if (type == ArrayList.class) {
      kryo.register(type, new BoundedSerializers.BoundedCollectionSerializer<>(), id);
    } else if (type == HashMap.class) {
      kryo.register(type, new BoundedSerializers.DeterministicHashMapSerializer(), id);
    } else if (type == HashSet.class) {
      kryo.register(type, new BoundedSerializers.DeterministicHashSetSerializer(), id);
    } else {
      kryo.register(type, id); // primitive arrays: Kryo's serializers, reads bounded by BoundedInput
    }
  }

  private static void checkInstantiable(Class<?> type) {
    if (type.isArray() || type.isEnum() || Modifier.isAbstract(type.getModifiers())) {
      return;
    }
    if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
      throw new IllegalArgumentException(type.getName() + " is an inner (non-static) class; make it "
          + "static or a record so Kryo can create it without an outer instance");
    }
    try {
      type.getDeclaredConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(type.getName() + " has no no-arg constructor; Kryo needs "
          + "one (it may be private) to read it back, or make the class a record", e);
    }
  }

  /**
   * Serialises {@code value} with its class id.
   *
   * @param value a non-null object of a built-in or registered class (nested objects too)
   * @return a new, right-sized array owned by the caller
   * @throws IllegalArgumentException if a class in the graph is not registered; the message
   *     names it and says how to register it
   * @throws StateSerializationException if Kryo cannot write the value (e.g. a graph deeper
   *     than {@value #MAX_DEPTH}, or a cycle)
   * @throws NullPointerException if {@code value} is null (a null state means "absent")
   */
  public byte[] serialize(Object value) {
    Objects.requireNonNull(value, "value: state cannot hold null; absence is the null value");
    Context context = context();
    boolean reusable = false;
    try {
      Output output = context.output;
      output.reset();
      context.kryo.writeClassAndObject(output, value);
      byte[] bytes = output.toBytes();
      reusable = output.getBuffer().length <= MAX_KEPT_BUFFER_BYTES;
      return bytes;
    } catch (RuntimeException | StackOverflowError e) {
      throw writeFailure(value, e);
    } finally {
      release(reusable);
    }
  }

  /**
   * Reads back what {@link #serialize} wrote.
   *
   * @param bytes the serialised form; not modified, not retained
   * @return a new object, never {@code null}
   * @throws StateSerializationException if the bytes are empty, truncated, corrupt, carry
   *     trailing bytes, or use a class id this registry does not know
   * @throws NullPointerException if {@code bytes} is null
   */
  public Object deserialize(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 0) {
      throw new StateSerializationException("cannot deserialise an empty byte array");
    }
    Context context = context();
    boolean reusable = false;
    try {
      BoundedInput input = context.input;
      input.setBuffer(bytes);
      Object value = context.kryo.readClassAndObject(input);
      if (value == null) {
        throw new StateSerializationException(
            "malformed state bytes (" + bytes.length + " bytes): they encode null");
      }
      if (input.remaining() != 0) {
        throw new StateSerializationException("malformed state bytes: " + input.remaining()
            + " trailing bytes after a " + value.getClass().getName() + " of "
            + input.position() + " bytes");
      }
      input.setBuffer(EMPTY);
      reusable = true;
      return value;
    } catch (StateSerializationException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw readFailure(bytes, e);
    } finally {
      release(reusable);
    }
  }

  /**
   * As {@link #deserialize(byte[])}, checking that the value is a {@code type}.
   *
   * @param type the expected class (boxes for primitives), e.g. {@code Long.class}
   * @throws StateSerializationException if the bytes hold another type, or as
   *     {@link #deserialize(byte[])}
   */
  public <T> T deserialize(byte[] bytes, Class<T> type) {
    Objects.requireNonNull(type, "type");
    Object value = deserialize(bytes);
    if (!type.isInstance(value)) {
      throw new StateSerializationException("state bytes hold a " + value.getClass().getName()
          + ", expected a " + type.getName());
    }
    return type.cast(value);
  }

  private RuntimeException writeFailure(Object value, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (t instanceof IllegalArgumentException && message != null
          && message.startsWith(NOT_REGISTERED)) {
        String className = message.substring(NOT_REGISTERED.length()).split("\\R", 2)[0].trim();
        return new IllegalArgumentException("Class is not registered for state serialisation: "
            + className + " (found while serialising a " + value.getClass().getName() + "). "
            + "Register the class with KryoRegistry, e.g. KryoRegistry.builder().register("
            + simpleName(className) + ".class); register the same classes in the same order "
            + "(or with the same explicit ids) in every run that reads this state.", e);
      }
    }
    return new StateSerializationException("cannot serialise a " + value.getClass().getName()
        + ": " + describe(e), e);
  }

  private RuntimeException readFailure(byte[] bytes, Throwable e) {
    String hint = "";
    String message = String.valueOf(e.getMessage());
    if (message.contains("unregistered class ID")) {
      hint = "; the bytes were probably written with another KryoRegistry (classes registered "
          + "in another order or with other ids) or are corrupt";
    }
    return new StateSerializationException("malformed state bytes (" + bytes.length + " bytes): "
        + describe(e) + hint, e);
  }

  private static String describe(Throwable e) {
    if (e instanceof StackOverflowError) {
      return "object graph nested too deeply";
    }
    String message = e.getMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    // Kryo appends a multi-line serialisation trace; keep the first line in our message.
    return e instanceof KryoException ? message.split("\\R", 2)[0] : message;
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
  }

  @Override
  public String toString() {
    return "KryoSerde[" + registry + "]";
  }
}

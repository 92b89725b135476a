package io.tidemark.state.serde;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The classes Kryo may write into state, each with a fixed numeric id: an ordered, immutable
 * list. Kryo writes the id, not the class name, so the ids are part of the on-disk format: a
 * job must register the same classes with the same ids in every run that reads its state
 * (which is why registration is required and ids are explicit or follow registration order).
 *
 * <p>Ids:
 * <ul>
 *   <li>0–8: Kryo's own fixed registrations of {@code String} and the primitives with their
 *       boxes ({@code Integer} 0, {@code String} 1, {@code Float} 2, {@code Boolean} 3,
 *       {@code Byte} 4, {@code Character} 5, {@code Short} 6, {@code Long} 7, {@code Double} 8);
 *   <li>10–99: Tidemark's built-ins: the primitive arrays (10–17), {@code ArrayList} (20),
 *       {@code HashMap} (21), {@code HashSet} (22). These never change meaning;
 *   <li>{@value #FIRST_USER_ID} and up: user classes. {@link Builder#register(Class[])} gives
 *       the next free id in registration order (one above the highest id so far, at least
 *       {@value #FIRST_USER_ID}); {@link Builder#register(Class, int)} pins an id.
 * </ul>
 *
 * <p>What may be registered: concrete classes with a no-arg constructor (any visibility;
 * written field by field, fields in name order), records (written by Kryo's
 * {@code RecordSerializer} through their canonical constructor), enums and arrays of registered
 * classes. Fields and components must themselves be of registered (or built-in) types.
 * Immutable and thread-safe. The user-facing way to add classes is
 * {@code TidemarkConf.registerKryoClasses}, which feeds this builder.
 */
public final class KryoRegistry {

  /** The first id given to user classes. */
  public static final int FIRST_USER_ID = 100;

  /** One registration: a class and its id. */
  public record Registration(Class<?> type, int id) {
    /** Checks the arguments. @throws NullPointerException if {@code type} is null */
    public Registration {
      Objects.requireNonNull(type, "type");
    }
  }

  private static final List<Registration> BUILT_INS = List.of(
      new Registration(Integer.class, 0),
      new Registration(String.class, 1),
      new Registration(Float.class, 2),
      new Registration(Boolean.class, 3),
      new Registration(Byte.class, 4),
      new Registration(Character.class, 5),
      new Registration(Short.class, 6),
      new Registration(Long.class, 7),
      new Registration(Double.class, 8),
      new Registration(byte[].class, 10),
      new Registration(char[].class, 11),
      new Registration(short[].class, 12),
      new Registration(int[].class, 13),
      new Registration(long[].class, 14),
      new Registration(float[].class, 15),
      new Registration(double[].class, 16),
      new Registration(boolean[].class, 17),
      new Registration(ArrayList.class, 20),
      new Registration(HashMap.class, 21),
      new Registration(HashSet.class, 22));

  private static final KryoRegistry EMPTY = new KryoRegistry(List.of());

  private final List<Registration> userRegistrations;

  private KryoRegistry(List<Registration> userRegistrations) {
    this.userRegistrations = List.copyOf(userRegistrations);
  }

  /** A registry with the built-ins only. */
  public static KryoRegistry builtInsOnly() {
    return EMPTY;
  }

  /** A new builder with no user classes. */
  public static Builder builder() {
    return new Builder();
  }

  /** The built-in registrations, ids below {@value #FIRST_USER_ID}; the same in every registry. */
  public static List<Registration> builtIns() {
    return BUILT_INS;
  }

  /** The user registrations, in registration order. */
  public List<Registration> userRegistrations() {
    return userRegistrations;
  }

  /** Built-ins then user registrations. */
  public List<Registration> all() {
    List<Registration> all = new ArrayList<>(BUILT_INS.size() + userRegistrations.size());
    all.addAll(BUILT_INS);
    all.addAll(userRegistrations);
    return List.copyOf(all);
  }

  /** Whether {@code type} is a built-in or registered here. */
  public boolean isRegistered(Class<?> type) {
    return BUILT_INS.stream().anyMatch(r -> r.type() == type)
        || userRegistrations.stream().anyMatch(r -> r.type() == type);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KryoRegistry registry
        && registry.userRegistrations.equals(userRegistrations);
  }

  @Override
  public int hashCode() {
    return userRegistrations.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("KryoRegistry[built-ins");
    for (Registration r : userRegistrations) {
      s.append(", ").append(r.id()).append('=').append(r.type().getName());
    }
    return s.append(']').toString();
  }

  /** A builder of a {@link KryoRegistry}; not thread-safe. */
  public static final class Builder {
    private final Map<Class<?>, Registration> byType = new LinkedHashMap<>();
    private final Map<Integer, Class<?>> byId = new HashMap<>();
    private int nextId = FIRST_USER_ID;

    private Builder() {}

    /**
     * Registers classes with the next free ids, in argument order.
     *
     * @throws IllegalArgumentException if a class is already registered, built in, primitive,
     *     an interface or abstract
     * @throws NullPointerException if a class is null
     */
    public Builder register(Class<?>... types) {
      for (Class<?> type : types) {
        register(type, nextId);
      }
      return this;
    }

    /**
     * Registers {@code type} with the fixed id {@code id}.
     *
     * @param id at least {@value #FIRST_USER_ID}, not used by another class
     * @throws IllegalArgumentException if the id is reserved or taken, or the class cannot be
     *     registered (see {@link #register(Class[])})
     */
    public Builder register(Class<?> type, int id) {
      Objects.requireNonNull(type, "type");
      checkRegistrable(type);
      if (id < FIRST_USER_ID) {
        throw new IllegalArgumentException("id " + id + " of " + type.getName()
            + " is reserved for built-ins; user classes take ids from " + FIRST_USER_ID);
      }
      if (byType.containsKey(type)) {
        throw new IllegalArgumentException(type.getName() + " is already registered with id "
            + byType.get(type).id());
      }
      if (byId.containsKey(id)) {
        throw new IllegalArgumentException("duplicate id " + id + ": " + type.getName()
            + " and " + byId.get(id).getName());
      }
      byType.put(type, new Registration(type, id));
      byId.put(id, type);
      nextId = Math.max(nextId, id + 1);
      return this;
    }

    private static void checkRegistrable(Class<?> type) {
      if (type.isPrimitive()) {
        throw new IllegalArgumentException(type + " is primitive; its box is built in");
      }
      if (BUILT_INS.stream().anyMatch(r -> r.type() == type)) {
        throw new IllegalArgumentException(type.getName() + " is built in; do not register it");
      }
      if (!type.isArray() && !type.isEnum()
          && (type.isInterface() || Modifier.isAbstract(type.getModifiers()))) {
        throw new IllegalArgumentException(type.getName() + " is "
            + (type.isInterface() ? "an interface" : "abstract")
            + "; Kryo writes the class of each object, so register the concrete classes");
      }
    }

    /** The registry of everything registered so far. */
    public KryoRegistry build() {
      return byType.isEmpty() ? EMPTY : new KryoRegistry(new ArrayList<>(byType.values()));
    }
  }
}

package io.tidemark.streaming.util;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies of one template class, one per key class, each defined as a hidden class (JEP 371) from
 * the template's own bytecode, so that the JIT keeps a separate type profile for each copy's call
 * sites.
 *
 * <p>Why: code every operator shares — an iterator's {@code next} calling the mapped function, the
 * map-side combine loop calling the aggregator — sees every operator's functions at one call site.
 * HotSpot's C2 then compiles that site as a megamorphic virtual call and inlines nothing through
 * it, so the records passed along cannot be scalar-replaced either. With one copy per user
 * function each site sees one receiver class and is inlined. Trino does the same ({@code
 * IsolatedClass}); Spark gets the effect by generating code per query (whole-stage code
 * generation).
 *
 * <p>The template must be a top-level class of the {@link MethodHandles.Lookup}'s package with no
 * lambdas and no nested classes: only its own bytecode is copied, references to other classes stay
 * shared. A copy is made the first time a key class is seen and lives as long as that class
 * ({@link ClassValue}). If the template's bytecode cannot be read, or the system property {@value
 * #ENABLED_PROPERTY} is {@code false}, every key gets the template itself (same behaviour, shared
 * profile). Thread-safe.
 */
public final class IsolatedClass {
  /** System property; {@code false} turns copying off (for comparison runs). Default {@code true}. */
  public static final String ENABLED_PROPERTY = "tidemark.isolatedClasses";

  private static final Logger LOG = LoggerFactory.getLogger(IsolatedClass.class);

  private final MethodHandles.Lookup lookup;
  private final Class<?> template;
  private final MethodType constructorType;
  private final Copy templateItself;
  private final byte[] bytecode;
  private final ClassValue<Copy> copies = new ClassValue<>() {
    @Override
    protected Copy computeValue(Class<?> key) {
      return defineCopy();
    }
  };

  /** A class and its constructor, typed {@code (Object...)Object}. */
  private record Copy(Class<?> type, MethodHandle constructor) {}

  private IsolatedClass(MethodHandles.Lookup lookup, Class<?> template, Class<?>[] parameterTypes) {
    this.lookup = lookup;
    this.template = template;
    this.constructorType = MethodType.methodType(void.class, parameterTypes);
    this.templateItself = new Copy(template, constructor(lookup, template));
    this.bytecode = Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, "true")) ? readBytecode(template) : null;
  }

  /**
   * Copies of {@code template}, created with its constructor taking {@code parameterTypes}.
   *
   * @param lookup a full-privilege lookup ({@link MethodHandles#lookup()}) in the template's package
   * @throws IllegalArgumentException if the template has no such constructor or is outside the
   *     lookup's package
   */
  public static IsolatedClass of(MethodHandles.Lookup lookup, Class<?> template, Class<?>... parameterTypes) {
    if (template.getPackage() != lookup.lookupClass().getPackage() || template.getEnclosingClass() != null) {
      throw new IllegalArgumentException(template + " is not a top-level class of the lookup's package "
          + lookup.lookupClass().getPackageName());
    }
    return new IsolatedClass(lookup, template, parameterTypes);
  }

  /** A new instance of {@code key}'s copy built by its constructor without arguments. */
  public Object newInstance(Class<?> key) {
    try {
      return (Object) copies.get(key).constructor().invokeExact();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new instance of {@code key}'s copy built from one constructor argument. */
  public Object newInstance(Class<?> key, Object a) {
    try {
      return (Object) copies.get(key).constructor().invokeExact(a);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new instance of {@code key}'s copy built from two constructor arguments. */
  public Object newInstance(Class<?> key, Object a, Object b) {
    try {
      return (Object) copies.get(key).constructor().invokeExact(a, b);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new instance of {@code key}'s copy built from three constructor arguments. */
  public Object newInstance(Class<?> key, Object a, Object b, Object c) {
    try {
      return (Object) copies.get(key).constructor().invokeExact(a, b, c);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /** The class {@code key}'s instances belong to: its copy, or the template when copying is off. */
  public Class<?> classFor(Class<?> key) {
    return copies.get(key).type();
  }

  private Copy defineCopy() {
    if (bytecode == null) {
      return templateItself;
    }
    try {
      MethodHandles.Lookup copy = lookup.defineHiddenClass(bytecode, true);
      return new Copy(copy.lookupClass(), constructor(copy, copy.lookupClass()));
    } catch (IllegalAccessException | LinkageError | IllegalArgumentException e) {
      LOG.warn("cannot copy {}; its call sites stay shared", template.getName(), e);
      return templateItself;
    }
  }

  private MethodHandle constructor(MethodHandles.Lookup in, Class<?> type) {
    try {
      return in.findConstructor(type, constructorType)
          .asType(MethodType.genericMethodType(constructorType.parameterCount()));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new IllegalArgumentException(type + " has no accessible constructor " + constructorType, e);
    }
  }

  private static byte[] readBytecode(Class<?> template) {
    String resource = template.getSimpleName() + ".class";
    try (InputStream in = template.getResourceAsStream(resource)) {
      if (in == null) {
        LOG.warn("bytecode of {} not found; its call sites stay shared", template.getName());
        return null;
      }
      return in.readAllBytes();
    } catch (IOException e) {
      LOG.warn("cannot read the bytecode of {}; its call sites stay shared", template.getName(), e);
      return null;
    }
  }
}

package io.tidemark.state.internals;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of a set of RocksDB native objects (options, caches, filters, column family
 * handles, the database), after Flink's {@code RocksDBResourceContainer}: every native object
 * is {@linkplain #register registered} the moment it is created, and {@link #close()} closes
 * them all in reverse order of registration, so column family handles close before their
 * database and the database before its options.
 *
 * <p>Use: create one, register each object as it is made, and on any failure during an open
 * close the container, so nothing native leaks from a half-finished open. A backend owns one
 * container for what its stores share (block cache, bloom filter) and each store one for its
 * own objects.
 *
 * <p>Thread-safe. {@link #close()} is idempotent (a compare-and-set, as RocksDB's
 * {@code AbstractNativeReference}); an error closing one object is logged and does not stop
 * the others from closing.
 */
public final class RocksDbResources implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RocksDbResources.class);

  private final String owner;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  /**
   * Creates an empty container.
   *
   * @param owner what owns the resources, for log messages; never {@code null}
   */
  public RocksDbResources(String owner) {
    this.owner = owner;
  }

  /**
   * Takes ownership of {@code resource} and returns it.
   *
   * @throws IllegalStateException if this container is closed; {@code resource} is then closed
   *     right away, so it does not leak
   */
  public synchronized <T extends AutoCloseable> T register(T resource) {
    if (closed.get()) {
      closeQuietly(resource);
      throw new IllegalStateException("native resources of " + owner + " are closed");
    }
    resources.push(resource);
    return resource;
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Closes all registered resources, newest first. Idempotent; never throws. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (this) {
      while (!resources.isEmpty()) {
        closeQuietly(resources.pop());
      }
    }
  }

  private void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      LOG.warn("Failed to close {} of {}", resource.getClass().getSimpleName(), owner, e);
    }
  }
}

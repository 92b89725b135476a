package io.tidemark.state.internals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The lifecycle lock of one store: operations run under the read lock after checking the store
 * is open; closing the store, or one of its dependents (read views, iterators, write batches),
 * takes the write lock.
 *
 * <p>Why a lock and not just a flag: a read view may be used from another thread than the one
 * closing the store, and a RocksDB call on a closed native handle crashes the JVM instead of
 * throwing. With the lock a concurrent close waits for running reads, and later reads throw
 * {@link IllegalStateException}.
 *
 * <p>Close order: {@link #close(Runnable)} releases every registered dependent first (a view
 * releases its iterators first, then its snapshot), then runs the store's own release. A
 * dependent closed after its store is a no-op.
 */
final class StoreGuard {

  /** Something a store must release before itself. Called with the write lock held, once. */
  interface Dependent {
    void release();
  }

  private final String storeName;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Set<Dependent> dependents = newDependentSet();
  private volatile boolean closed;

  StoreGuard(String storeName) {
    this.storeName = storeName;
  }

  static Set<Dependent> newDependentSet() {
    return Collections.newSetFromMap(new ConcurrentHashMap<>());
  }

  String storeName() {
    return storeName;
  }

  boolean isClosed() {
    return closed;
  }

  /** Takes the read lock; throws if the store is closed. Pair with {@link #exit()}. */
  void enter() {
    lock.readLock().lock();
    if (closed) {
      lock.readLock().unlock();
      throw new IllegalStateException(storeName + " is closed");
    }
  }

  void exit() {
    lock.readLock().unlock();
  }

  /** Takes the write lock; throws if the store is closed. Pair with {@link #exitExclusive()}. */
  void enterExclusive() {
    lock.writeLock().lock();
    if (closed) {
      lock.writeLock().unlock();
      throw new IllegalStateException(storeName + " is closed");
    }
  }

  void exitExclusive() {
    lock.writeLock().unlock();
  }

  /** Registers a dependent of the store; call inside {@link #enter()}. */
  void register(Dependent dependent) {
    dependents.add(dependent);
  }

  /**
   * Releases {@code dependent} if {@code owner} still holds it; a no-op if it was released
   * already, by itself or by closing its store.
   */
  void closeDependent(Set<Dependent> owner, Dependent dependent) {
    lock.writeLock().lock();
    try {
      if (owner.remove(dependent)) {
        dependent.release();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The store's own set of dependents, for {@link #closeDependent}. */
  Set<Dependent> dependents() {
    return dependents;
  }

  /**
   * Closes the store once: releases all dependents, then runs {@code releaseStore}.
   *
   * @return {@code true} if this call closed the store, {@code false} if it was closed already
   */
  boolean close(Runnable releaseStore) {
    lock.writeLock().lock();
    try {
      if (closed) {
        return false;
      }
      closed = true;
      releaseAll(dependents);
      releaseStore.run();
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Releases and removes all of {@code set}; call with the write lock held. */
  static void releaseAll(Set<Dependent> set) {
    List<Dependent> toRelease = new ArrayList<>(set);
    set.clear();
    for (Dependent dependent : toRelease) {
      dependent.release();
    }
  }
}

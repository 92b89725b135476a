package io.tidemark.streaming.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A fixed pool of {@code tidemark.partitions} task threads. A stage with one task runs on the
 * caller's thread; nested stages (a task that starts a stage) run inline, so the pool cannot
 * deadlock on itself. Thread-safe; {@link #close()} is idempotent.
 */
public final class TaskPool implements TaskRunner, AutoCloseable {
  private static final ThreadLocal<Boolean> IN_TASK = ThreadLocal.withInitial(() -> false);
  private final ExecutorService executor;
  private final int parallelism;

  /** A pool of {@code parallelism} daemon threads named {@code tidemark-task-N}. */
  public TaskPool(int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
    }
    this.parallelism = parallelism;
    AtomicInteger counter = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(() -> {
        IN_TASK.set(true);
        r.run();
      }, "tidemark-task-" + counter.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.executor = Executors.newFixedThreadPool(parallelism, factory);
  }

  @Override
  public int parallelism() {
    return parallelism;
  }

  @Override
  public void runTasks(int numTasks, IntConsumer task) {
    if (numTasks == 0) {
      return;
    }
    if (numTasks == 1 || parallelism == 1 || IN_TASK.get()) {
      runInline(numTasks, task);
      return;
    }
    List<Future<?>> futures = new ArrayList<>(numTasks);
    for (int p = 0; p < numTasks; p++) {
      int partition = p;
      futures.add(executor.submit(() -> task.accept(partition)));
    }
    TaskFailedException failure = null;
    for (int p = 0; p < numTasks; p++) {
      try {
        futures.get(p).get();
      } catch (ExecutionException e) {
        failure = addFailure(failure, p, e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        futures.forEach(f -> f.cancel(true));
        throw new TaskFailedException("interrupted while waiting for tasks", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static void runInline(int numTasks, IntConsumer task) {
    TaskFailedException failure = null;
    for (int p = 0; p < numTasks; p++) {
      try {
        task.accept(p);
      } catch (RuntimeException | Error e) {
        failure = addFailure(failure, p, e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static TaskFailedException addFailure(TaskFailedException first, int partition, Throwable cause) {
    if (first == null) {
      return new TaskFailedException("task of partition " + partition + " failed: " + cause, cause);
    }
    first.addSuppressed(cause);
    return first;
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

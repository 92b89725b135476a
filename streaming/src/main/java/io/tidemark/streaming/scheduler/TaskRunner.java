package io.tidemark.streaming.scheduler;

import java.util.function.IntConsumer;

/**
 * Runs the tasks of one stage, one task per partition, and waits for all of them. Thread-safe.
 */
public interface TaskRunner {

  /**
   * Runs {@code task.accept(p)} for every partition {@code p} in {@code [0, numTasks)}, in
   * parallel, and returns when all have finished.
   *
   * @throws TaskFailedException wrapping the first failure (the others are added as
   *     suppressed); the remaining tasks still run to the end
   */
  void runTasks(int numTasks, IntConsumer task);

  /** Number of threads tasks run on. */
  int parallelism();
}

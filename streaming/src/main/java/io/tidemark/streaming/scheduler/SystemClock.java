package io.tidemark.streaming.scheduler;

/** The wall clock ({@link System#currentTimeMillis()}). Thread-safe. */
public final class SystemClock implements Clock {

  @Override
  public long getTimeMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public long waitTillTime(long targetTimeMillis) throws InterruptedException {
    long now;
    while ((now = System.currentTimeMillis()) < targetTimeMillis) {
      long remaining = targetTimeMillis - now;
      // Sleep most of the way, then in short steps so the batch fires close to its time.
      Thread.sleep(remaining > 20 ? remaining - 10 : Math.max(1, remaining));
    }
    return now;
  }
}

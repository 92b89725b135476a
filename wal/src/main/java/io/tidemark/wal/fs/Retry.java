package io.tidemark.wal.fs;

import io.tidemark.wal.WalException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded retries with exponential backoff for one storage operation: the single place where an
 * {@link IOException} becomes a {@link WalException} naming the file.
 */
final class Retry {

  private static final Logger LOG = LoggerFactory.getLogger(Retry.class);

  /** An operation on the file system. */
  @FunctionalInterface
  interface IoCall<T> {
    T call() throws IOException;
  }

  private final int maxRetries;
  private final Duration baseDelay;

  Retry(int maxRetries, Duration baseDelay) {
    this.maxRetries = maxRetries;
    this.baseDelay = baseDelay;
  }

  /**
   * Runs {@code call}, retrying after an {@link IOException} other than {@link
   * FileNotFoundException} (a missing file does not come back).
   *
   * @throws WalException with the last failure, naming {@code what} and {@code file}
   */
  <T> T call(String what, String file, IoCall<T> call) {
    for (int attempt = 0; ; attempt++) {
      try {
        return call.call();
      } catch (FileNotFoundException e) {
        throw new WalException(what + " failed: file not found", file, e);
      } catch (IOException e) {
        if (attempt >= maxRetries) {
          throw new WalException(what + " failed after " + (attempt + 1) + " attempts", file, e);
        }
        LOG.warn("{} failed (attempt {} of {}), retrying: {} [file {}]",
            what, attempt + 1, maxRetries + 1, e.toString(), file);
        backoff(attempt, what, file);
      }
    }
  }

  int maxRetries() {
    return maxRetries;
  }

  /** Waits {@code baseDelay * 2^attempt} (capped at 30 s). */
  void backoff(int attempt, String what, String file) {
    long millis = Math.min(baseDelay.toMillis() << Math.min(attempt, 20), 30_000L);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WalException(what + " interrupted while waiting to retry", file, e);
    }
  }
}

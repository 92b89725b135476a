package io.tidemark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The peak resident set size of a live process, from Linux's {@code /proc/<pid>/status}. */
public final class ProcessRss {
  private ProcessRss() {}

  /**
   * {@code VmHWM} (the kernel's high-water mark of the resident set) of process {@code pid}, in
   * KiB; 0 if the process is gone or this is not Linux.
   */
  public static long peakKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException gone) {
      // exited between two samples
    }
    return 0;
  }

  /**
   * Samples {@link #peakKib} of one process on a daemon thread every {@code periodMs} and keeps
   * the largest value (the kernel keeps the high-water mark, so only the last period before the
   * process exits can be missed). Close it when the process has exited.
   */
  public static final class Sampler implements AutoCloseable {
    private final long pid;
    private final AtomicLong peak = new AtomicLong();
    private final ScheduledExecutorService executor;

    public Sampler(long pid, long periodMs) {
      this.pid = pid;
      this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rss-sampler-" + pid);
        t.setDaemon(true);
        return t;
      });
      executor.scheduleAtFixedRate(this::sample, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    /** Takes one sample now (e.g. right before killing the process). */
    public void sample() {
      peak.accumulateAndGet(ProcessRss.peakKib(pid), Math::max);
    }

    /** The largest VmHWM seen, KiB. */
    public long peakKib() {
      return peak.get();
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }
}

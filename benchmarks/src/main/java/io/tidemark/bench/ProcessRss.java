package io.tidemark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
}

package io.tidemark.cli.flights;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the malformed records of a batch to {@code <dir>/dead-letter-<batchTimeMs>.jsonl}, one
 * JSON object per line: <code>{"offset":12,"reason":"delay: null","raw":"..."}</code>, in the
 * order given.
 *
 * <p>Publishing is atomic and idempotent per batch time: the lines go to a temporary file in the
 * same directory, which is forced to disk and then moved over the final name with
 * {@link StandardCopyOption#ATOMIC_MOVE} (then the directory is synced where possible), so a
 * reader sees either no file or a complete one, and
 * a re-run of the same batch time (after a crash) rewrites the same file with the same content.
 * A batch without malformed records writes no file (and leaves an existing one alone).
 *
 * <p>Thread-safe: every call writes its own temporary file; concurrent writes of the same batch
 * time leave one of the complete contents.
 */
public final class DeadLetterWriter {

  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final AtomicLong TMP_SEQ = new AtomicLong();

  private final Path dir;

  /**
   * @param dir directory of the dead-letter files; created on the first write if missing; not
   *     null
   */
  public DeadLetterWriter(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  /** The directory written to. */
  public Path directory() {
    return dir;
  }

  /** The file of a batch time: {@code <dir>/dead-letter-<batchTimeMs>.jsonl}. */
  public Path fileFor(long batchTimeMs) {
    return dir.resolve("dead-letter-" + batchTimeMs + ".jsonl");
  }

  /**
   * Writes the malformed records of the batch at {@code batchTimeMs}.
   *
   * @param batchTimeMs batch time, epoch milliseconds
   * @param records the batch's malformed records, not null (nor its elements)
   * @return the file written, or empty if {@code records} is empty
   * @throws IOException if the directory or file cannot be written (the message names it); no
   *     partial file is left under the final name
   */
  public Optional<Path> write(long batchTimeMs, Collection<MalformedRecord> records)
      throws IOException {
    Objects.requireNonNull(records, "records");
    if (records.isEmpty()) {
      return Optional.empty();
    }
    Path target = fileFor(batchTimeMs);
    Path tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "-"
        + TMP_SEQ.incrementAndGet() + ".tmp");
    try {
      Files.createDirectories(dir);
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        OutputStream out = java.nio.channels.Channels.newOutputStream(channel);
        try (JsonGenerator g = JSON.createGenerator(new java.io.BufferedOutputStream(out, 64 << 10))) {
          g.setRootValueSeparator(null);
          for (MalformedRecord r : records) {
            g.writeStartObject();
            g.writeNumberField("offset", r.offset());
            g.writeStringField("reason", r.reason());
            g.writeStringField("raw", r.raw());
            g.writeEndObject();
            g.writeRaw('\n');
          }
          g.flush();
          channel.force(true);
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory();
      return Optional.of(target);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IOException("cannot write dead-letter file " + target + ": " + e, e);
    }
  }

  /** Makes the rename durable where the platform allows opening a directory (Linux does). */
  private void syncDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // best effort: not every platform can sync a directory
    }
  }

  @Override
  public String toString() {
    return "DeadLetterWriter[" + dir + "]";
  }
}

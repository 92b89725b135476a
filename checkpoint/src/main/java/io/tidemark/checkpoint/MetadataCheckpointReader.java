package io.tidemark.checkpoint;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the newest usable metadata checkpoint of a checkpoint directory.
 *
 * <p>Candidates are the files {@code metadata/checkpoint-<batchTimeMs>-e<epoch>}; other names
 * (temporary files of crashed writes included) are ignored. A candidate superseded under the
 * epoch rule ({@link VersionedName}: a newer epoch wrote a file of a version at or below it) is
 * skipped. The others are tried newest first:
 *
 * <ul>
 *   <li><b>corrupt</b> (empty, truncated, CRC32C mismatch, payload that does not parse) or
 *       <b>foreign</b> (wrong magic): skipped, logged at WARN with the file and reason, and the
 *       next older one is tried (the fallback Spark also makes);
 *   <li><b>future format version</b> (intact frame, version newer than this reader's): an
 *       {@link UnsupportedCheckpointFileException} naming the file, <em>even if older valid
 *       checkpoints exist</em>. Such a file is no damage: a newer Tidemark ran this job past
 *       it, and falling back would silently rewind the job by the batches that newer run
 *       completed. Downgrading is a decision for a person (delete the newer files).
 * </ul>
 *
 * If candidates exist but none is usable, the reader throws: the exception of the single
 * candidate when there is one, otherwise a {@link CheckpointException} listing every file and
 * reason. Starting from scratch silently would lose the job's progress. If there are no
 * candidates at all the result is empty.
 *
 * <p>Obtain one from {@link CheckpointDirectory#metadataReader()}. Thread-safe; reading needs no
 * lease.
 */
public final class MetadataCheckpointReader {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataCheckpointReader.class);

  private final CheckpointStorage storage;
  private final Path directory;
  private final long maxFileBytes;

  MetadataCheckpointReader(CheckpointStorage storage, long maxFileBytes) {
    this.storage = storage;
    this.directory = new Path(storage.root(), MetadataCheckpointWriter.DIRECTORY);
    this.maxFileBytes = maxFileBytes;
  }

  /**
   * The newest usable checkpoint (see the class comment for the rules).
   *
   * @throws UnsupportedCheckpointFileException if the newest candidate is of a future format
   *     version, or the only candidate is foreign
   * @throws CorruptCheckpointFileException if the only candidate is corrupt
   * @throws CheckpointException if several candidates exist and none is usable, or the storage
   *     fails
   */
  public MetadataReadResult readNewest() {
    List<VersionedName> all = list();
    List<VersionedName> effective = VersionedName.effective(all);
    List<SkippedFile> skipped = new ArrayList<>();
    all.stream().filter(n -> !effective.contains(n)).sorted(VersionedName.NEWEST_FIRST)
        .forEach(n -> {
          VersionedName by = all.stream().filter(n::isSupersededBy).findFirst().orElseThrow();
          skip(skipped, new Path(directory, n.name()).toString(), "superseded by " + by.name()
              + " of the newer epoch " + by.epoch() + " (written after a takeover)");
        });
    CorruptCheckpointFileException last = null;
    for (VersionedName name : effective) {
      Path file = new Path(directory, name.name());
      try {
        byte[] bytes = storage.readSmallFile(file, maxFileBytes);
        MetadataCheckpoint checkpoint = MetadataCheckpointFormat.decode(file.toString(), bytes);
        if (checkpoint.batchTimeMs() != name.version() || checkpoint.writerEpoch() != name.epoch()) {
          throw new CorruptCheckpointFileException(file.toString(), "contents say batch time "
              + checkpoint.batchTimeMs() + ", epoch " + checkpoint.writerEpoch()
              + ", unlike its name");
        }
        return new MetadataReadResult(Optional.of(checkpoint), Optional.of(file), skipped);
      } catch (UnsupportedCheckpointFileException e) {
        if (e.kind() == UnsupportedCheckpointFileException.Kind.FUTURE_VERSION) {
          throw e;
        }
        skip(skipped, e.file(), e.reason());
        last = e;
      } catch (CorruptCheckpointFileException e) {
        skip(skipped, e.file(), e.reason());
        last = e;
      } catch (FileNotFoundException e) {
        // deleted by retention between listing and reading: a newer one exists
        LOG.debug("{} vanished while reading", file);
      } catch (IOException e) {
        throw new CheckpointException("cannot read metadata checkpoint " + file + ": " + e, e);
      }
    }
    if (effective.size() == 1 && last != null) {
      throw last;
    }
    if (last != null) {
      throw new CheckpointException("no usable metadata checkpoint in " + directory + " among "
          + effective.size() + " candidates: " + skipped);
    }
    return new MetadataReadResult(Optional.empty(), Optional.empty(), skipped);
  }

  private static void skip(List<SkippedFile> skipped, String file, String reason) {
    LOG.warn("skipping metadata checkpoint {}: {}", file, reason);
    skipped.add(new SkippedFile(file, reason));
  }

  /**
   * The names of all metadata checkpoint files present, newest first, superseded ones included.
   *
   * @throws CheckpointException if the storage fails
   */
  public List<String> listFileNames() {
    return list().stream().sorted(VersionedName.NEWEST_FIRST).map(VersionedName::name).toList();
  }

  private List<VersionedName> list() {
    try {
      List<VersionedName> names = new ArrayList<>();
      for (StoredFile file : storage.listFiles(directory)) {
        VersionedName.parse(MetadataCheckpointWriter.PREFIX, file.name())
            .ifPresent(names::add);
      }
      return names;
    } catch (IOException e) {
      throw new CheckpointException("cannot list metadata checkpoints in " + directory + ": "
          + e, e);
    }
  }
}

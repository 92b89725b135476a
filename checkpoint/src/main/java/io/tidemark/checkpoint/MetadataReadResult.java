package io.tidemark.checkpoint;

import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.Path;

/**
 * What {@link MetadataCheckpointReader#readNewest()} found: the newest valid checkpoint (empty
 * when the directory holds none at all: a fresh start), its file, and every file skipped on
 * the way, newest first.
 *
 * @param checkpoint the checkpoint, or empty; never {@code null}
 * @param file the file it was read from, or empty; never {@code null}
 * @param skipped the files passed over (corrupt, foreign, superseded), newest first; never
 *     {@code null}
 */
public record MetadataReadResult(Optional<MetadataCheckpoint> checkpoint, Optional<Path> file,
    List<SkippedFile> skipped) {

  /** Copies {@code skipped}. */
  public MetadataReadResult {
    skipped = List.copyOf(skipped);
  }
}

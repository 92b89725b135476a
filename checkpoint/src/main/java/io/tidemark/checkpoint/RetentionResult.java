package io.tidemark.checkpoint;

import java.util.List;

/**
 * What a data-checkpoint retention pass kept and deleted, as names relative to
 * {@code <checkpoint>/state/<operatorUid>/}.
 *
 * @param manifestsKept the manifests retained, newest first; never {@code null}
 * @param manifestsDeleted manifests deleted (older than the retained ones, superseded by a newer
 *     epoch, or corrupt); never {@code null}
 * @param filesDeleted data files deleted because no retained manifest references them (files of
 *     retired checkpoints and leftovers of crashed uploads); never {@code null}
 */
public record RetentionResult(List<String> manifestsKept, List<String> manifestsDeleted,
    List<String> filesDeleted) {

  /** Copies the lists. */
  public RetentionResult {
    manifestsKept = List.copyOf(manifestsKept);
    manifestsDeleted = List.copyOf(manifestsDeleted);
    filesDeleted = List.copyOf(filesDeleted);
  }
}

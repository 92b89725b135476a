package io.tidemark.checkpoint;

import java.time.Duration;
import org.apache.hadoop.fs.Path;

/**
 * What one {@link DataCheckpointWriter#write} did.
 *
 * @param manifest the published manifest; never {@code null}
 * @param manifestFile where it was published; never {@code null}
 * @param filesUploaded number of files written
 * @param bytesUploaded bytes of the files written (the manifest not included)
 * @param filesReused number of shared files referenced from an earlier checkpoint
 * @param bytesReused their bytes
 * @param duration wall time of the write, retention included; never {@code null}
 * @param retention what retention deleted afterwards; never {@code null}
 */
public record UploadResult(DataCheckpointManifest manifest, Path manifestFile, int filesUploaded,
    long bytesUploaded, int filesReused, long bytesReused, Duration duration,
    RetentionResult retention) {}

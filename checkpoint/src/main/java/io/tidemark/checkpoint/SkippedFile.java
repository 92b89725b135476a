package io.tidemark.checkpoint;

/**
 * A checkpoint file a reader passed over, and why; every one is also logged at WARN.
 *
 * @param file the file (Hadoop path string); never {@code null}
 * @param reason why it was skipped, e.g. {@code "CRC32C mismatch at offset 80: …"} or
 *     {@code "superseded by checkpoint-2000-e3 of a newer epoch"}; never {@code null}
 */
public record SkippedFile(String file, String reason) {}

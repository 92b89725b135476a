package io.tidemark.checkpoint;

/**
 * How a checkpoint file becomes visible under its final name.
 *
 * <p>{@link #RENAME}: write a temporary name, {@code hsync}, close, rename (local disk: an atomic
 * {@code rename(2)} plus an {@code fsync} of the directory; HDFS: an atomic NameNode rename).
 * {@link #DIRECT}: write the final name in one go; right for object stores (S3A), where an object
 * becomes visible only when its upload completes, whole, and a rename is a copy. {@link #AUTO}
 * picks {@code DIRECT} for the object-store schemes {@code s3a}, {@code s3}, {@code s3n},
 * {@code gs}, {@code oss}, {@code cos}, {@code obs} and {@code RENAME} for all others.
 *
 * <p>Either way a reader never trusts a file it did not verify: every file carries a CRC32C.
 */
public enum PublishMode {
  /** Pick by URI scheme (see the class comment). */
  AUTO,
  /** Temporary name, then an atomic rename. */
  RENAME,
  /** The final name directly (object stores). */
  DIRECT
}

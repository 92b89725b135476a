package io.tidemark.checkpoint;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link CheckpointDirectory}. Immutable; change one with a {@code with…} method.
 *
 * @param metadataCheckpointsRetained newest metadata checkpoints kept, {@code >= 1} (default 10)
 * @param dataCheckpointsRetained newest data checkpoints (manifests) kept per operator,
 *     {@code >= 1} (default 2)
 * @param leaseTimeout how old the owner's heartbeat may be before a writer on another host may
 *     take the directory over (default 60 s); owners on the same host are judged by their pid
 * @param heartbeatInterval how often the owner rewrites its heartbeat (default 10 s); below
 *     {@code leaseTimeout}
 * @param maxSmallFileBytes the largest metadata checkpoint, manifest or owner file a reader
 *     accepts (default 64 MiB); a longer file is refused before anything is allocated
 * @param publishMode how files become visible (default {@link PublishMode#AUTO})
 */
public record CheckpointOptions(int metadataCheckpointsRetained, int dataCheckpointsRetained,
    Duration leaseTimeout, Duration heartbeatInterval, long maxSmallFileBytes,
    PublishMode publishMode) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if a count is below 1, a duration not positive, the
   *     heartbeat not below the lease timeout, or {@code maxSmallFileBytes} not in
   *     {@code [16, Integer.MAX_VALUE - 16]}
   * @throws NullPointerException if a reference is {@code null}
   */
  public CheckpointOptions {
    Objects.requireNonNull(leaseTimeout, "leaseTimeout");
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(publishMode, "publishMode");
    if (metadataCheckpointsRetained < 1 || dataCheckpointsRetained < 1) {
      throw new IllegalArgumentException("retained counts must be >= 1: "
          + metadataCheckpointsRetained + ", " + dataCheckpointsRetained);
    }
    if (leaseTimeout.isNegative() || leaseTimeout.isZero() || heartbeatInterval.isNegative()
        || heartbeatInterval.isZero() || heartbeatInterval.compareTo(leaseTimeout) >= 0) {
      throw new IllegalArgumentException("need 0 < heartbeatInterval < leaseTimeout: "
          + heartbeatInterval + ", " + leaseTimeout);
    }
    if (maxSmallFileBytes < Envelope.OVERHEAD_BYTES
        || maxSmallFileBytes > Integer.MAX_VALUE - Envelope.OVERHEAD_BYTES) {
      throw new IllegalArgumentException("maxSmallFileBytes out of range: " + maxSmallFileBytes);
    }
  }

  /** The defaults: 10 metadata checkpoints, 2 data checkpoints, 60 s lease, 10 s heartbeat. */
  public static CheckpointOptions defaults() {
    return new CheckpointOptions(10, 2, Duration.ofSeconds(60), Duration.ofSeconds(10),
        64L << 20, PublishMode.AUTO);
  }

  /** With {@code n} metadata checkpoints retained. */
  public CheckpointOptions withMetadataCheckpointsRetained(int n) {
    return new CheckpointOptions(n, dataCheckpointsRetained, leaseTimeout, heartbeatInterval,
        maxSmallFileBytes, publishMode);
  }

  /** With {@code n} data checkpoints retained per operator. */
  public CheckpointOptions withDataCheckpointsRetained(int n) {
    return new CheckpointOptions(metadataCheckpointsRetained, n, leaseTimeout, heartbeatInterval,
        maxSmallFileBytes, publishMode);
  }

  /** With another lease timeout and heartbeat interval. */
  public CheckpointOptions withLease(Duration timeout, Duration heartbeat) {
    return new CheckpointOptions(metadataCheckpointsRetained, dataCheckpointsRetained, timeout,
        heartbeat, maxSmallFileBytes, publishMode);
  }

  /** With another publish mode. */
  public CheckpointOptions withPublishMode(PublishMode mode) {
    return new CheckpointOptions(metadataCheckpointsRetained, dataCheckpointsRetained,
        leaseTimeout, heartbeatInterval, maxSmallFileBytes, mode);
  }
}

package io.tidemark.checkpoint;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A job's checkpoint directory on any Hadoop file system, the entry point of this module:
 *
 * <pre>
 * &lt;checkpoint&gt;/owner                                   the lease ({@link CheckpointLease})
 * &lt;checkpoint&gt;/epochs/epoch-&lt;n&gt;                          epoch claims
 * &lt;checkpoint&gt;/metadata/checkpoint-&lt;batchTimeMs&gt;-e&lt;epoch&gt; metadata checkpoints
 * &lt;checkpoint&gt;/state/&lt;uid&gt;/manifest-&lt;version&gt;-e&lt;epoch&gt;    data checkpoint manifests
 * &lt;checkpoint&gt;/state/&lt;uid&gt;/shared/…, private/…          their files
 * </pre>
 *
 * <p>{@link #openForWriting} acquires the lease (one writer per directory) and gives writers
 * stamped with its epoch; {@link #openForReading} reads without a lease (recovery planning,
 * {@code tidemark inspect}). Thread-safe. {@link #close()} releases the lease; it is idempotent.
 */
public final class CheckpointDirectory implements AutoCloseable {
  private final CheckpointStorage storage;
  private final CheckpointOptions options;
  private final CheckpointLease lease; // null when read-only
  private final Clock clock;
  private final Map<String, DataCheckpointWriter> writers = new HashMap<>();
  private MetadataCheckpointWriter metadataWriter;

  private CheckpointDirectory(CheckpointStorage storage, CheckpointOptions options,
      CheckpointLease lease, Clock clock) {
    this.storage = storage;
    this.options = options;
    this.lease = lease;
    this.clock = clock;
  }

  /**
   * Opens {@code uri} for writing: acquires its lease with a new epoch.
   *
   * @param uri the checkpoint directory, e.g. {@code file:/data/ckpt}, {@code hdfs://nn/ckpt},
   *     {@code s3a://bucket/ckpt}; created if missing; never {@code null}
   * @param conf the Hadoop configuration (file system settings); never {@code null}
   * @param options settings; never {@code null}
   * @throws CheckpointOwnedException if a live process owns the directory, naming it
   * @throws CheckpointException if the storage fails
   */
  public static CheckpointDirectory openForWriting(Path uri, Configuration conf,
      CheckpointOptions options) {
    Objects.requireNonNull(conf, "conf");
    return openForWriting(uri, () -> conf, options);
  }

  /**
   * As {@link #openForWriting(Path, Configuration, CheckpointOptions)}, asking {@code conf} for
   * the Hadoop configuration only if the storage needs one: never for a {@code file:} URI, whose
   * storage is plain {@code java.nio} (creating and loading Hadoop's configuration takes 0.1–0.4 s
   * of a start).
   *
   * @param conf gives the Hadoop configuration when first needed; never {@code null}, nor what it gives
   */
  public static CheckpointDirectory openForWriting(Path uri, Supplier<Configuration> conf,
      CheckpointOptions options) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(conf, "conf");
    Objects.requireNonNull(options, "options");
    CheckpointStorage storage = CheckpointStorage.open(uri, conf, options.publishMode());
    Clock clock = Clock.systemUTC();
    return new CheckpointDirectory(storage, options,
        CheckpointLease.acquire(storage, options, clock), clock);
  }

  /**
   * Opens {@code uri} for reading only; takes no lease and writes nothing.
   *
   * @throws CheckpointException if the file system cannot be resolved
   */
  public static CheckpointDirectory openForReading(Path uri, Configuration conf,
      CheckpointOptions options) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(conf, "conf");
    Objects.requireNonNull(options, "options");
    return new CheckpointDirectory(CheckpointStorage.open(uri, () -> conf, options.publishMode()),
        options, null, Clock.systemUTC());
  }

  /**
   * {@code directory} with a scheme, as Hadoop's default configuration would qualify it, but
   * decided without creating one: a path without a scheme names the local file system ({@code
   * file:}, made absolute) unless a {@code core-site.xml} on the class path may set {@code
   * fs.defaultFS} to another, in which case it is returned as given (and resolved through
   * Hadoop when opened). A directory with a scheme is returned as given.
   *
   * @param directory a path or URI; never {@code null}
   */
  public static Path qualifyWithDefaults(String directory) {
    Objects.requireNonNull(directory, "directory");
    Path path = new Path(directory);
    if (path.toUri().getScheme() != null || coreSiteOnClassPath()) {
      return path;
    }
    return new Path("file", null, java.nio.file.Path.of(path.toUri().getPath()).toAbsolutePath().normalize().toString());
  }

  private static boolean coreSiteOnClassPath() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return (context != null && context.getResource("core-site.xml") != null)
        || CheckpointDirectory.class.getClassLoader().getResource("core-site.xml") != null;
  }

  /** The qualified directory. */
  public Path root() {
    return storage.root();
  }

  /** The options. */
  public CheckpointOptions options() {
    return options;
  }

  /**
   * The lease of a directory opened for writing.
   *
   * @throws IllegalStateException if opened for reading
   */
  public CheckpointLease lease() {
    if (lease == null) {
      throw new IllegalStateException(storage.root() + " was opened for reading");
    }
    return lease;
  }

  /** This run's epoch (see {@link #lease()}). @throws IllegalStateException if read-only */
  public long epoch() {
    return lease().epoch();
  }

  /**
   * The current owner record of the directory, if one can be read (for messages and
   * {@code inspect}).
   *
   * @throws CheckpointException if the storage fails
   */
  public java.util.Optional<OwnerInfo> currentOwner() {
    try {
      return CheckpointLease.newestOwnerRecord(storage, options);
    } catch (java.io.IOException e) {
      throw new CheckpointException("cannot read the owner of " + storage.root() + ": " + e, e);
    }
  }

  /** The metadata checkpoint writer (one per directory). @throws IllegalStateException if read-only */
  public synchronized MetadataCheckpointWriter metadataWriter() {
    if (metadataWriter == null) {
      metadataWriter = new MetadataCheckpointWriter(storage, lease(),
          options.metadataCheckpointsRetained());
    }
    return metadataWriter;
  }

  /** A metadata checkpoint reader. */
  public MetadataCheckpointReader metadataReader() {
    return new MetadataCheckpointReader(storage, options.maxSmallFileBytes());
  }

  /**
   * The data checkpoint writer of {@code operatorUid} (one per operator and directory).
   *
   * @throws IllegalArgumentException if the uid is not {@code [A-Za-z0-9._-]+}
   * @throws IllegalStateException if read-only
   */
  public synchronized DataCheckpointWriter dataCheckpointWriter(String operatorUid) {
    Objects.requireNonNull(operatorUid, "operatorUid");
    CheckpointLease owned = lease();
    return writers.computeIfAbsent(operatorUid, uid -> new DataCheckpointWriter(storage, owned,
        uid, options.dataCheckpointsRetained(), options.maxSmallFileBytes(), clock));
  }

  /**
   * A data checkpoint reader of {@code operatorUid}.
   *
   * @throws IllegalArgumentException if the uid is not {@code [A-Za-z0-9._-]+}
   */
  public DataCheckpointReader dataCheckpointReader(String operatorUid) {
    Objects.requireNonNull(operatorUid, "operatorUid");
    return new DataCheckpointReader(storage, operatorUid, options.maxSmallFileBytes());
  }

  /** Releases the lease, if any. Idempotent. */
  @Override
  public void close() {
    if (lease != null) {
      lease.close();
    }
  }

  @Override
  public String toString() {
    return "CheckpointDirectory[" + storage + (lease == null ? ", read-only" : ", epoch "
        + lease.epoch()) + "]";
  }
}

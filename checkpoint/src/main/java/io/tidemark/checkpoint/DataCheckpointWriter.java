package io.tidemark.checkpoint;

import io.tidemark.state.snapshot.SnapshotFile;
import io.tidemark.state.snapshot.StateSnapshot;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes incremental data checkpoints of one operator to {@code <checkpoint>/state/<uid>/}
 * (Flink's incremental RocksDB checkpoints with its {@code SharedStateRegistry}).
 *
 * <p>{@link #write} takes the local snapshots of all the operator's partitions at one version
 * and:
 *
 * <ol>
 *   <li>for each <em>shareable</em> file (RocksDB SST), looks for a file of the same partition,
 *       name, size and CRC32C in the previous manifest and references it; otherwise uploads it
 *       to {@code shared/p<partition>-e<epoch>-<id>-<name>};
 *   <li>uploads every <em>private</em> file (MANIFEST, OPTIONS, CURRENT, logs, heap snapshot) to
 *       {@code private/p<partition>-v<version>-e<epoch>-<id>-<name>};
 *   <li>checks every referenced file's stored size (reused ones included), syncs the
 *       directories, checks the lease, and only then publishes {@code manifest-<version>-e<epoch>};
 *   <li>retention: keeps the newest {@link CheckpointOptions#dataCheckpointsRetained()} valid
 *       manifests, deletes the others and every data file no kept manifest references (files of
 *       retired checkpoints, leftovers of crashed uploads), except files and manifests of a
 *       newer epoch than its own.
 * </ol>
 *
 * <p>Fencing: besides {@link CheckpointLease#checkOwned()}, a writer refuses to publish once a
 * manifest of a newer epoch exists in the operator's directory (a takeover its heartbeat has not
 * noticed yet). Neither check can close the race of a paused writer completely; readers ignore
 * what slips through (the epoch rule).
 *
 * Upload names are unique (epoch and a random id), so a crash at any step leaves only
 * unreferenced files that retention removes, and a zombie's upload can never overwrite a file a
 * manifest lists.
 *
 * <p>Obtain one from {@link CheckpointDirectory#dataCheckpointWriter(String)}. Thread-safe:
 * writes are serialised. One writer per operator per process.
 */
public final class DataCheckpointWriter {
  private static final Logger LOG = LoggerFactory.getLogger(DataCheckpointWriter.class);
  static final String MANIFEST_PREFIX = "manifest";
  static final String SHARED = "shared";
  static final String PRIVATE = "private";

  private final CheckpointStorage storage;
  private final CheckpointLease lease;
  private final String operatorUid;
  private final Path directory;
  private final int retained;
  private final DataCheckpointReader reader;
  private final Clock clock;
  private DataCheckpointManifest previous; // guarded by this
  private boolean previousLoaded; // guarded by this

  DataCheckpointWriter(CheckpointStorage storage, CheckpointLease lease, String operatorUid,
      int retained, long maxManifestBytes, Clock clock) {
    this.storage = storage;
    this.lease = lease;
    this.operatorUid = operatorUid;
    this.directory = DataCheckpointReader.operatorDirectory(storage, operatorUid);
    this.retained = retained;
    this.reader = new DataCheckpointReader(storage, operatorUid, maxManifestBytes);
    this.clock = clock;
  }

  /** The operator this writer checkpoints. */
  public String operatorUid() {
    return operatorUid;
  }

  /**
   * Uploads what the previous data checkpoint lacks and publishes the manifest of
   * {@code version}, then applies retention.
   *
   * @param version the data checkpoint's version (the batch time, ms); each snapshot's state
   *     version must not be above it
   * @param snapshots one local snapshot per partition of this operator (distinct partitions);
   *     their directories must stay unchanged until this returns; never {@code null} or empty
   * @return what was uploaded and reused, and what retention deleted
   * @throws IllegalArgumentException if a snapshot belongs to another operator, partitions
   *     repeat, or a snapshot's version is above {@code version}
   * @throws CheckpointLease.LostException if the directory was taken over; nothing is published
   * @throws CheckpointException if the storage fails; nothing is published then, and the files
   *     already uploaded are removed by a later retention pass
   */
  public synchronized UploadResult write(long version, List<StateSnapshot> snapshots) {
    Objects.requireNonNull(snapshots, "snapshots");
    if (snapshots.isEmpty()) {
      throw new IllegalArgumentException("no snapshots for " + operatorUid);
    }
    Set<Integer> seen = new HashSet<>();
    for (StateSnapshot s : snapshots) {
      if (!s.operatorUid().equals(operatorUid)) {
        throw new IllegalArgumentException("snapshot of operator '" + s.operatorUid()
            + "' given to the writer of '" + operatorUid + "'");
      }
      if (!seen.add(s.partition())) {
        throw new IllegalArgumentException("partition " + s.partition() + " given twice");
      }
      if (s.version() > version) {
        throw new IllegalArgumentException("partition " + s.partition() + " is at version "
            + s.version() + ", above the checkpoint version " + version);
      }
    }
    lease.checkOwned();
    checkNoNewerEpoch();
    long started = System.nanoTime();
    Map<String, StateFile> reusable = reusableFiles();
    int uploaded = 0;
    long uploadedBytes = 0;
    int reused = 0;
    long reusedBytes = 0;
    List<PartitionState> partitions = new ArrayList<>();
    List<StateFile> toVerify = new ArrayList<>();
    boolean uploadedShared = false;
    boolean uploadedPrivate = false;
    try {
      for (StateSnapshot snapshot : snapshots) {
        List<StateFile> files = new ArrayList<>();
        for (SnapshotFile file : snapshot.files()) {
          java.nio.file.Path local = snapshot.directory().resolve(file.name());
          if (file.shareable()) {
            StateFile candidate = reusable.get(key(snapshot.partition(), file.name(),
                file.sizeBytes()));
            if (candidate != null && candidate.crc32c() == CheckpointStorage.crc32c(local)) {
              files.add(new StateFile(file.name(), candidate.remoteName(), file.sizeBytes(),
                  candidate.crc32c(), true));
              toVerify.add(candidate);
              reused++;
              reusedBytes += file.sizeBytes();
              continue;
            }
          }
          String remote = file.shareable()
              ? SHARED + "/p" + snapshot.partition() + "-e" + lease.epoch() + "-"
                  + CheckpointStorage.uniqueId() + "-" + file.name()
              : PRIVATE + "/p" + snapshot.partition() + "-v" + version + "-e" + lease.epoch()
                  + "-" + CheckpointStorage.uniqueId() + "-" + file.name();
          CheckpointStorage.Upload upload = storage.upload(local, new Path(directory, remote));
          if (upload.sizeBytes() != file.sizeBytes()) {
            throw new CheckpointException("snapshot file " + local + " has " + upload.sizeBytes()
                + " bytes, its snapshot listed " + file.sizeBytes() + "; was it changed?");
          }
          files.add(new StateFile(file.name(), remote, upload.sizeBytes(), upload.crc32c(),
              file.shareable()));
          uploaded++;
          uploadedBytes += upload.sizeBytes();
          uploadedShared |= file.shareable();
          uploadedPrivate |= !file.shareable();
        }
        partitions.add(new PartitionState(snapshot.partition(), snapshot.keyGroups(),
            snapshot.version(), snapshot.numKeys(), snapshot.format(), files));
      }
      verifyStoredSizes(toVerify);
      if (uploadedShared) {
        storage.syncDirectory(new Path(directory, SHARED));
      }
      if (uploadedPrivate) {
        storage.syncDirectory(new Path(directory, PRIVATE));
      }
    } catch (IOException e) {
      throw new CheckpointException("data checkpoint " + version + " of '" + operatorUid
          + "' to " + directory + " failed before publishing its manifest: " + e, e);
    }
    DataCheckpointManifest manifest = new DataCheckpointManifest(operatorUid, version,
        lease.epoch(), clock.millis(), partitions);
    Path manifestFile = new Path(directory, manifest.fileName());
    lease.checkOwned();
    checkNoNewerEpoch();
    try {
      storage.publish(manifestFile, manifest.encode());
    } catch (IOException e) {
      throw new CheckpointException("cannot publish " + manifestFile + ": " + e, e);
    }
    previous = manifest;
    previousLoaded = true;
    RetentionResult retention = retain();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    LOG.debug("data checkpoint {} of '{}': uploaded {} files ({} bytes), reused {} ({} bytes) in {}",
        version, operatorUid, uploaded, uploadedBytes, reused, reusedBytes, took);
    return new UploadResult(manifest, manifestFile, uploaded, uploadedBytes, reused, reusedBytes,
        took, retention);
  }

  /**
   * Fencing by the directory's contents: a manifest of a newer epoch proves a takeover even
   * before this writer's heartbeat notices one.
   */
  private void checkNoNewerEpoch() {
    try {
      for (StoredFile file : storage.listFiles(directory)) {
        Optional<VersionedName> name =
            VersionedName.parse(MANIFEST_PREFIX, file.name());
        if (name.isPresent() && name.get().epoch() > lease.epoch()) {
          throw new CheckpointLease.LostException("data checkpoints of '" + operatorUid
              + "' in " + directory + " were taken over: " + name.get().name()
              + " is of the newer epoch " + name.get().epoch() + "; this writer has epoch "
              + lease.epoch() + " and must stop");
        }
      }
    } catch (IOException e) {
      throw new CheckpointException("cannot list " + directory + ": " + e, e);
    }
  }

  /** The epoch in an uploaded file's name ({@code …-e<epoch>-…}), or 0 if it has none. */
  static long epochOfDataFile(String name) {
    java.util.regex.Matcher m = DATA_FILE_EPOCH.matcher(name);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private static final java.util.regex.Pattern DATA_FILE_EPOCH =
      java.util.regex.Pattern.compile("^p\\d+-(?:v-?\\d+-)?e(\\d{1,18})-");

  private static String key(int partition, String name, long size) {
    return partition + "/" + name + "/" + size;
  }

  /** Shared files of the previous checkpoint by (partition, local name, size). */
  private Map<String, StateFile> reusableFiles() {
    if (!previousLoaded) {
      try {
        previous = reader.newest().orElse(null);
      } catch (CheckpointException e) {
        LOG.warn("cannot read the newest data checkpoint of '{}'; uploading every file: {}",
            operatorUid, e.getMessage());
        previous = null;
      }
      previousLoaded = true;
    }
    Map<String, StateFile> files = new HashMap<>();
    if (previous != null) {
      for (PartitionState p : previous.partitions()) {
        for (StateFile f : p.files()) {
          if (f.shared()) {
            files.put(key(p.partition(), f.localName(), f.sizeBytes()), f);
          }
        }
      }
    }
    return files;
  }

  private void verifyStoredSizes(List<StateFile> reused) throws IOException {
    if (reused.isEmpty()) {
      return;
    }
    Map<String, Long> stored = new HashMap<>();
    for (StoredFile file : storage.listFiles(new Path(directory, SHARED))) {
      stored.put(SHARED + "/" + file.name(), file.sizeBytes());
    }
    for (StateFile file : reused) {
      Long size = stored.get(file.remoteName());
      if (size == null || size != file.sizeBytes()) {
        throw new CheckpointException("shared file " + new Path(directory, file.remoteName())
            + " of the previous checkpoint is " + (size == null ? "missing" : size + " bytes")
            + ", expected " + file.sizeBytes() + " bytes; not publishing");
      }
    }
  }

  /**
   * Applies retention now (it also runs after every {@link #write}): keeps the newest
   * {@code dataCheckpointsRetained} valid manifests not superseded by a newer epoch; deletes
   * the other manifests (corrupt ones included), then every file under {@code shared/} and
   * {@code private/} that no kept manifest references, and leftover temporary files. Data files
   * are not deleted at all while a manifest of a future format version is present (its files
   * cannot be known). Failures are logged and retried by the next pass.
   *
   * @return what was kept and deleted
   * @throws CheckpointLease.LostException if the directory was taken over
   */
  public synchronized RetentionResult retain() {
    lease.checkOwned();
    List<String> kept = new ArrayList<>();
    List<String> deletedManifests = new ArrayList<>();
    List<String> deletedFiles = new ArrayList<>();
    try {
      List<VersionedName> all = new ArrayList<>();
      List<Path> temporary = new ArrayList<>();
      for (StoredFile file : storage.listFiles(directory)) {
        String name = file.name();
        VersionedName.parse(MANIFEST_PREFIX, name).ifPresent(all::add);
        if (CheckpointStorage.isTemporaryName(name)) {
          temporary.add(file.path());
        }
      }
      Set<String> referenced = new HashSet<>();
      Set<String> keep = new HashSet<>();
      boolean unknownFiles = false;
      for (VersionedName name : VersionedName.effective(all)) {
        if (keep.size() >= retained) {
          break;
        }
        Optional<DataCheckpointManifest> manifest;
        try {
          manifest = Optional.of(reader.read(name));
        } catch (UnsupportedCheckpointFileException e) {
          if (e.kind() == UnsupportedCheckpointFileException.Kind.FUTURE_VERSION) {
            LOG.warn("keeping {} of a future format, and every data file: {}", e.file(),
                e.reason());
            keep.add(name.name());
            unknownFiles = true;
            continue;
          }
          manifest = Optional.empty();
        } catch (CorruptCheckpointFileException e) {
          LOG.warn("deleting corrupt data checkpoint manifest {}: {}", e.file(), e.reason());
          manifest = Optional.empty();
        }
        if (manifest.isPresent()) {
          keep.add(name.name());
          kept.add(name.name());
          for (PartitionState p : manifest.get().partitions()) {
            for (StateFile f : p.files()) {
              referenced.add(f.remoteName());
            }
          }
        }
      }
      // Never delete what a newer epoch wrote: this writer may be a zombie that has not noticed
      // the takeover yet, racing the new owner's uploads.
      for (VersionedName name : all) {
        if (!keep.contains(name.name()) && name.epoch() <= lease.epoch()
            && storage.delete(new Path(directory, name.name()))) {
          deletedManifests.add(name.name());
        }
      }
      if (!unknownFiles) {
        for (String sub : List.of(SHARED, PRIVATE)) {
          for (StoredFile file : storage.listFiles(new Path(directory, sub))) {
            String remote = sub + "/" + file.name();
            if (!referenced.contains(remote)
                && epochOfDataFile(file.name()) <= lease.epoch()
                && storage.delete(file.path())) {
              deletedFiles.add(remote);
            }
          }
        }
      }
      for (Path temp : temporary) {
        storage.deleteQuietly(temp);
      }
    } catch (IOException | CheckpointException e) {
      if (e instanceof CheckpointLease.LostException lost) {
        throw lost;
      }
      LOG.warn("data checkpoint retention of '{}' failed, retrying after the next write: {}",
          operatorUid, e.toString());
    }
    if (!deletedManifests.isEmpty() || !deletedFiles.isEmpty()) {
      LOG.debug("retention of '{}' kept {}, deleted manifests {} and {} files", operatorUid, kept,
          deletedManifests, deletedFiles.size());
    }
    return new RetentionResult(kept, deletedManifests, deletedFiles);
  }
}

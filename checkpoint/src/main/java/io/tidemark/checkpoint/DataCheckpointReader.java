package io.tidemark.checkpoint;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the data checkpoints of one operator and downloads them into local snapshot
 * directories, which {@code StateBackend.restore} then opens.
 *
 * <p>Which manifest: by the epoch rule of the module (a manifest of epoch {@code e} and version
 * {@code v} is ignored if a manifest of a newer epoch and a version {@code <= v} exists; a
 * zombie's late upload therefore never wins), then newest version, then newest epoch. A manifest
 * that fails its CRC32C or does not parse is skipped with a WARN naming it; a manifest of a future
 * format version is an error ({@link UnsupportedCheckpointFileException}), as for metadata
 * checkpoints.
 *
 * <p>Obtain one from {@link CheckpointDirectory#dataCheckpointReader(String)}. Thread-safe; needs
 * no lease.
 */
public final class DataCheckpointReader {
  private static final Logger LOG = LoggerFactory.getLogger(DataCheckpointReader.class);

  private final CheckpointStorage storage;
  private final String operatorUid;
  private final Path directory;
  private final long maxManifestBytes;

  DataCheckpointReader(CheckpointStorage storage, String operatorUid, long maxManifestBytes) {
    this.storage = storage;
    this.operatorUid = operatorUid;
    this.directory = operatorDirectory(storage, operatorUid);
    this.maxManifestBytes = maxManifestBytes;
  }

  static Path operatorDirectory(CheckpointStorage storage, String operatorUid) {
    if (!operatorUid.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("operator uid '" + operatorUid
          + "' must match [A-Za-z0-9._-]+");
    }
    return new Path(new Path(storage.root(), "state"), operatorUid);
  }

  /** The operator's directory, {@code <checkpoint>/state/<uid>}. */
  public Path directory() {
    return directory;
  }

  /**
   * The manifest file names present, newest first, superseded and unreadable ones included.
   *
   * @throws CheckpointException if the storage fails
   */
  public List<String> listManifestNames() {
    return listNames().stream().sorted(VersionedName.NEWEST_FIRST).map(VersionedName::name)
        .toList();
  }

  private List<VersionedName> listNames() {
    try {
      List<VersionedName> names = new ArrayList<>();
      for (StoredFile file : storage.listFiles(directory)) {
        VersionedName.parse(DataCheckpointWriter.MANIFEST_PREFIX, file.name())
            .ifPresent(names::add);
      }
      return names;
    } catch (IOException e) {
      throw new CheckpointException("cannot list data checkpoints in " + directory + ": " + e, e);
    }
  }

  /**
   * The manifests a restore may use, newest first: valid (CRC passes) and not superseded.
   *
   * @throws UnsupportedCheckpointFileException if one is of a future format version
   * @throws CheckpointException if the storage fails
   */
  public List<DataCheckpointManifest> validManifests() {
    List<DataCheckpointManifest> valid = new ArrayList<>();
    for (VersionedName name : VersionedName.effective(listNames())) {
      readValid(name).ifPresent(valid::add);
    }
    return valid;
  }

  /**
   * The newest valid manifest, or empty if the operator has none.
   *
   * @throws UnsupportedCheckpointFileException if a newer one is of a future format version
   * @throws CheckpointException if the storage fails
   */
  public Optional<DataCheckpointManifest> newest() {
    for (VersionedName name : VersionedName.effective(listNames())) {
      Optional<DataCheckpointManifest> manifest = readValid(name);
      if (manifest.isPresent()) {
        return manifest;
      }
    }
    return Optional.empty();
  }

  /**
   * The valid manifest of {@code version} (of the newest epoch that is not superseded).
   *
   * @throws CheckpointException if there is none, naming the versions there are
   */
  public DataCheckpointManifest manifest(long version) {
    for (VersionedName name : VersionedName.effective(listNames())) {
      if (name.version() == version) {
        Optional<DataCheckpointManifest> manifest = readValid(name);
        if (manifest.isPresent()) {
          return manifest.get();
        }
      }
    }
    throw new CheckpointException("no valid data checkpoint of version " + version + " for '"
        + operatorUid + "' in " + directory + "; present: " + listManifestNames());
  }

  private Optional<DataCheckpointManifest> readValid(VersionedName name) {
    try {
      return Optional.of(read(name));
    } catch (UnsupportedCheckpointFileException e) {
      if (e.kind() == UnsupportedCheckpointFileException.Kind.FUTURE_VERSION) {
        throw e;
      }
      LOG.warn("skipping data checkpoint manifest {}: {}", e.file(), e.reason());
    } catch (CorruptCheckpointFileException e) {
      LOG.warn("skipping data checkpoint manifest {}: {}", e.file(), e.reason());
    }
    return Optional.empty();
  }

  /** Reads and checks one manifest (also that its contents match its name). */
  DataCheckpointManifest read(VersionedName name) {
    Path file = new Path(directory, name.name());
    byte[] bytes;
    try {
      bytes = storage.readSmallFile(file, maxManifestBytes);
    } catch (FileNotFoundException e) {
      throw new CorruptCheckpointFileException(file.toString(), "vanished while reading");
    } catch (IOException e) {
      throw new CheckpointException("cannot read " + file + ": " + e, e);
    }
    DataCheckpointManifest manifest = DataCheckpointManifest.decode(file.toString(), bytes);
    if (manifest.version() != name.version() || manifest.epoch() != name.epoch()
        || !manifest.operatorUid().equals(operatorUid)) {
      throw new CorruptCheckpointFileException(file.toString(), "contents say operator '"
          + manifest.operatorUid() + "', version " + manifest.version() + ", epoch "
          + manifest.epoch() + ", unlike its name and place");
    }
    return manifest;
  }

  /**
   * The files {@code manifest} lists that are missing or of another size in the store, as
   * messages naming each file; empty if all are present. One listing per directory.
   *
   * @throws CheckpointException if the storage fails
   */
  public List<String> missingOrShortFiles(DataCheckpointManifest manifest) {
    Map<String, Long> stored = new HashMap<>();
    try {
      for (String sub : List.of(DataCheckpointWriter.SHARED, DataCheckpointWriter.PRIVATE)) {
        for (StoredFile file : storage.listFiles(new Path(directory, sub))) {
          stored.put(sub + "/" + file.name(), file.sizeBytes());
        }
      }
    } catch (IOException e) {
      throw new CheckpointException("cannot list " + directory + ": " + e, e);
    }
    List<String> problems = new ArrayList<>();
    for (PartitionState p : manifest.partitions()) {
      for (StateFile f : p.files()) {
        Long size = stored.get(f.remoteName());
        if (size == null) {
          problems.add(new Path(directory, f.remoteName()) + " is missing");
        } else if (size != f.sizeBytes()) {
          problems.add(new Path(directory, f.remoteName()) + " has " + size + " bytes, the "
              + "manifest lists " + f.sizeBytes());
        }
      }
    }
    return problems;
  }

  /**
   * Downloads partition {@code partition} of {@code manifest} into {@code target}, checking the
   * size and CRC32C of every file, and {@code fsync}s the files.
   *
   * @param target a local directory that does not exist or is empty; created
   * @return {@code target}, ready for {@code StateBackend.restore}
   * @throws IllegalArgumentException if the manifest has no such partition or {@code target} is
   *     not empty
   * @throws CorruptCheckpointFileException naming the first file that is missing, of another
   *     size or CRC32C; {@code target} then holds a partial copy, which the caller deletes
   * @throws CheckpointException if the storage or the local disk fails
   */
  public java.nio.file.Path download(DataCheckpointManifest manifest, int partition,
      java.nio.file.Path target) {
    PartitionState state = manifest.partition(partition).orElseThrow(() ->
        new IllegalArgumentException(manifest.fileName() + " of '" + operatorUid
            + "' has no partition " + partition));
    try {
      if (Files.exists(target)) {
        try (Stream<java.nio.file.Path> entries = Files.list(target)) {
          if (entries.findAny().isPresent()) {
            throw new IllegalArgumentException("download target " + target + " is not empty");
          }
        }
      }
      Files.createDirectories(target);
      for (StateFile file : state.files()) {
        storage.download(new Path(directory, file.remoteName()), target.resolve(file.localName()),
            file.sizeBytes(), file.crc32c());
      }
      try (var channel = java.nio.channels.FileChannel.open(target,
          java.nio.file.StandardOpenOption.READ)) {
        channel.force(true);
      }
      return target;
    } catch (IOException e) {
      throw new CheckpointException("cannot download partition " + partition + " of "
          + new Path(directory, manifest.fileName()) + " into " + target + ": " + e, e);
    }
  }
}

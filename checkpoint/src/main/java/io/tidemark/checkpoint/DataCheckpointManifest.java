package io.tidemark.checkpoint;

import io.tidemark.state.KeyGroupRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A published data checkpoint of one operator: every partition's state at one version, as a
 * list of files in {@code <checkpoint>/state/<operatorUid>/}. Published as {@code
 * manifest-<version>-e<epoch>} <em>after</em> all its files were written and their sizes
 * checked, so a manifest never points at a missing or partial file.
 *
 * <p>File format: an envelope with magic {@code "TMDM"}, format version 1, whose payload is
 * (big-endian; str = int32 length + UTF-8):
 *
 * <pre>
 * operatorUid:str version:int64 epoch:int64 createdAtMs:int64
 * partitions: int32 n, n × (partition:int32 keyGroupStart:int32 keyGroupEnd:int32
 *                          stateVersion:int64 numKeys:int64 format:str
 *                          files: int32 m, m × (localName:str remoteName:str size:int64
 *                                               crc32c:int32 shared:int32 0|1))
 * </pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param operatorUid the operator; never {@code null}
 * @param version the data checkpoint's version (batch time, ms)
 * @param epoch the writer's epoch
 * @param createdAtMs when it was written (writer's clock, epoch ms)
 * @param partitions the partitions, ascending by index; never {@code null}
 */
public record DataCheckpointManifest(String operatorUid, long version, long epoch,
    long createdAtMs, List<PartitionState> partitions) {

  /** The magic number, {@code "TMDM"}. */
  public static final int MAGIC = Envelope.MANIFEST_MAGIC;
  /** The format version written, and the newest read. */
  public static final int FORMAT_VERSION = 1;

  /** Copies and sorts {@code partitions}. @throws NullPointerException for null references */
  public DataCheckpointManifest {
    Objects.requireNonNull(operatorUid, "operatorUid");
    List<PartitionState> sorted = new ArrayList<>(partitions);
    sorted.sort(Comparator.comparingInt(PartitionState::partition));
    partitions = List.copyOf(sorted);
  }

  /** The file name of this manifest, {@code manifest-<version>-e<epoch>}. */
  public String fileName() {
    return VersionedName.format(DataCheckpointWriter.MANIFEST_PREFIX, version, epoch);
  }

  /** The partition of index {@code partition}, if the manifest has it. */
  public Optional<PartitionState> partition(int partition) {
    return partitions.stream().filter(p -> p.partition() == partition).findFirst();
  }

  /** Total bytes of all files referenced (shared files counted once per reference). */
  public long totalBytes() {
    return partitions.stream().mapToLong(PartitionState::totalBytes).sum();
  }

  /** The whole file. */
  byte[] encode() {
    PayloadWriter out = new PayloadWriter().writeString(operatorUid).writeLong(version)
        .writeLong(epoch).writeLong(createdAtMs).writeInt(partitions.size());
    for (PartitionState p : partitions) {
      out.writeInt(p.partition()).writeInt(p.keyGroups().startKeyGroup())
          .writeInt(p.keyGroups().endKeyGroup()).writeLong(p.stateVersion())
          .writeLong(p.numKeys()).writeString(p.format()).writeInt(p.files().size());
      for (StateFile f : p.files()) {
        out.writeString(f.localName()).writeString(f.remoteName()).writeLong(f.sizeBytes())
            .writeInt(f.crc32c()).writeBoolean(f.shared());
      }
    }
    return Envelope.wrap(MAGIC, FORMAT_VERSION, out.toByteArray());
  }

  /**
   * Parses a whole manifest file.
   *
   * @throws UnsupportedCheckpointFileException for a foreign file or a future version
   * @throws CorruptCheckpointFileException for a damaged one
   */
  static DataCheckpointManifest decode(String file, byte[] bytes) {
    Envelope.Contents contents = Envelope.unwrap(file, bytes, MAGIC, FORMAT_VERSION,
        "data checkpoint manifest");
    PayloadReader in = new PayloadReader(file, contents.payload());
    String uid = in.readString();
    long version = in.readLong();
    long epoch = in.readLong();
    long created = in.readLong();
    int count = in.readCount(36, "partitions");
    List<PartitionState> partitions = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        int partition = in.readInt();
        KeyGroupRange range = new KeyGroupRange(in.readInt(), in.readInt());
        long stateVersion = in.readLong();
        long numKeys = in.readLong();
        String format = in.readString();
        int fileCount = in.readCount(24, "files");
        List<StateFile> files = new ArrayList<>(fileCount);
        for (int j = 0; j < fileCount; j++) {
          files.add(new StateFile(in.readString(), in.readString(), in.readLong(), in.readInt(),
              in.readBoolean()));
        }
        partitions.add(new PartitionState(partition, range, stateVersion, numKeys, format,
            files));
      }
    } catch (IllegalArgumentException e) {
      throw new CorruptCheckpointFileException(file, "invalid contents: " + e.getMessage());
    }
    in.expectEnd();
    return new DataCheckpointManifest(uid, version, epoch, created, partitions);
  }
}

package io.tidemark.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes of a metadata checkpoint file: an {@link Envelope} with magic {@code "TMMC"} and
 * format version 1, whose payload is (big-endian; str = int32 length + UTF-8):
 *
 * <pre>
 * writerEpoch:int64 batchTimeMs:int64 batchIntervalMs:int64 lastCompletedBatchTimeMs:int64
 * graph:        int32 n, n × (operatorUid:str kind:str keyClass:str valueClass:str)
 * pending:      int32 n, n × int64
 * inputs:       int32 n, n × (inputId:str position:int32 length + bytes)
 * dataVersions: int32 n, n × (operatorUid:str version:int64)
 * config:       int32 n, n × (key:str value:str)
 * </pre>
 *
 * Thread-safe (stateless).
 */
public final class MetadataCheckpointFormat {
  /** The magic number, {@code "TMMC"}. */
  public static final int MAGIC = Envelope.METADATA_MAGIC;
  /** The format version this class writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  private MetadataCheckpointFormat() {}

  /**
   * The whole file for {@code checkpoint}.
   *
   * @throws NullPointerException if {@code checkpoint} is {@code null}
   */
  public static byte[] encode(MetadataCheckpoint checkpoint) {
    PayloadWriter out = new PayloadWriter()
        .writeLong(checkpoint.writerEpoch())
        .writeLong(checkpoint.batchTimeMs())
        .writeLong(checkpoint.batchIntervalMs())
        .writeLong(checkpoint.lastCompletedBatchTimeMs());
    out.writeInt(checkpoint.graph().size());
    for (OperatorSignature op : checkpoint.graph()) {
      out.writeString(op.operatorUid()).writeString(op.kind()).writeString(op.keyClass())
          .writeString(op.valueClass());
    }
    out.writeInt(checkpoint.pendingBatchTimesMs().size());
    for (long time : checkpoint.pendingBatchTimesMs()) {
      out.writeLong(time);
    }
    out.writeInt(checkpoint.inputPositions().size());
    for (Map.Entry<String, OpaqueBytes> e : checkpoint.inputPositions().entrySet()) {
      out.writeString(e.getKey()).writeBytes(e.getValue().internalArray());
    }
    out.writeInt(checkpoint.dataCheckpointVersions().size());
    for (Map.Entry<String, Long> e : checkpoint.dataCheckpointVersions().entrySet()) {
      out.writeString(e.getKey()).writeLong(e.getValue());
    }
    out.writeInt(checkpoint.configuration().size());
    for (Map.Entry<String, String> e : checkpoint.configuration().entrySet()) {
      out.writeString(e.getKey()).writeString(e.getValue());
    }
    return Envelope.wrap(MAGIC, FORMAT_VERSION, out.toByteArray());
  }

  /**
   * Parses and verifies a whole file.
   *
   * @param file the file's name or path, for messages; never {@code null}
   * @param bytes the whole file; never {@code null}
   * @throws UnsupportedCheckpointFileException if the magic is wrong or the version newer
   * @throws CorruptCheckpointFileException if the file is damaged
   */
  public static MetadataCheckpoint decode(String file, byte[] bytes) {
    Envelope.Contents contents = Envelope.unwrap(file, bytes, MAGIC, FORMAT_VERSION,
        "metadata checkpoint");
    PayloadReader in = new PayloadReader(file, contents.payload());
    long epoch = in.readLong();
    long batchTime = in.readLong();
    long interval = in.readLong();
    long lastCompleted = in.readLong();
    int operators = in.readCount(16, "operators");
    List<OperatorSignature> graph = new ArrayList<>(operators);
    for (int i = 0; i < operators; i++) {
      graph.add(new OperatorSignature(in.readString(), in.readString(), in.readString(),
          in.readString()));
    }
    int pendingCount = in.readCount(8, "pending batches");
    List<Long> pending = new ArrayList<>(pendingCount);
    for (int i = 0; i < pendingCount; i++) {
      pending.add(in.readLong());
    }
    int inputCount = in.readCount(8, "input positions");
    Map<String, OpaqueBytes> inputs = new TreeMap<>();
    for (int i = 0; i < inputCount; i++) {
      inputs.put(in.readString(), OpaqueBytes.of(in.readBytes()));
    }
    int versionCount = in.readCount(12, "data checkpoint versions");
    Map<String, Long> versions = new TreeMap<>();
    for (int i = 0; i < versionCount; i++) {
      versions.put(in.readString(), in.readLong());
    }
    int configCount = in.readCount(8, "configuration entries");
    Map<String, String> config = new TreeMap<>();
    for (int i = 0; i < configCount; i++) {
      config.put(in.readString(), in.readString());
    }
    in.expectEnd();
    try {
      return new MetadataCheckpoint(epoch, batchTime, interval, graph, lastCompleted, pending,
          new TreeMap<>(inputs), new TreeMap<>(versions), new TreeMap<>(config));
    } catch (IllegalArgumentException e) {
      throw new CorruptCheckpointFileException(file, "invalid contents: " + e.getMessage());
    }
  }
}

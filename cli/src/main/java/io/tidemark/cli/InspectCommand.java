package io.tidemark.cli;

import io.tidemark.checkpoint.CheckpointDirectory;
import io.tidemark.checkpoint.CheckpointOptions;
import io.tidemark.checkpoint.DataCheckpointManifest;
import io.tidemark.checkpoint.DataCheckpointReader;
import io.tidemark.checkpoint.MetadataCheckpoint;
import io.tidemark.checkpoint.MetadataReadResult;
import io.tidemark.checkpoint.OperatorSignature;
import io.tidemark.checkpoint.PartitionState;
import io.tidemark.checkpoint.SkippedFile;
import io.tidemark.cli.job.FlightsJob;
import io.tidemark.state.StateBackend;
import io.tidemark.state.StateBackends;
import io.tidemark.state.StateIterator;
import io.tidemark.state.StateReadView;
import io.tidemark.state.StateStore;
import io.tidemark.state.serde.KryoRegistry;
import io.tidemark.state.serde.KryoSerde;
import io.tidemark.state.snapshot.StateSnapshot;
import io.tidemark.streaming.checkpointing.JobCheckpointer;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tidemark inspect CHECKPOINT}: reads a checkpoint directory without running the job and
 * without writing to it (no lease is taken): the checkpoint history, or with {@code --operator}
 * the operator's state as of a data checkpoint.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Read a checkpoint directory (local path, hdfs://, s3a://) without running the job and without writing to it.",
        "Without --operator: the metadata checkpoints, the last completed and pending batches, and every operator's data",
        "checkpoints (versions, sizes, keys). With --operator: that operator's state, sorted by key."})
public final class InspectCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "The checkpoint directory.")
  String checkpoint;

  @Option(names = "--operator", paramLabel = "UID", description = "Print the state of this stateful operator.")
  String operator;

  @Option(names = "--key", paramLabel = "KEY", description = "Only the entry whose key prints as KEY.")
  String key;

  @Option(names = "--format", paramLabel = "csv|table", defaultValue = "table",
      description = "Output format of the state (default ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--version", paramLabel = "V",
      description = "Read the state as of data-checkpoint version V (a batch time in ms) while it is retained; default the newest.")
  Long version;

  @CommandLine.Mixin
  HadoopOptions hadoop;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("csv") && !format.equals("table")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--format must be csv or table, got '" + format + "'");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (CheckpointDirectory dir = CheckpointDirectory.openForReading(new org.apache.hadoop.fs.Path(checkpoint),
        hadoop.configuration(), CheckpointOptions.defaults())) {
      MetadataReadResult read = dir.metadataReader().readNewest();
      for (SkippedFile skipped : read.skipped()) {
        spec.commandLine().getErr().printf("tidemark inspect: skipped %s: %s%n", skipped.file(), skipped.reason());
      }
      if (operator == null) {
        printHistory(dir, read, out);
      } else {
        printState(dir, read.checkpoint(), out);
      }
    }
    out.flush();
    return 0;
  }

  private void printHistory(CheckpointDirectory dir, MetadataReadResult read, PrintWriter out) {
    out.printf("checkpoint directory %s%n", dir.root());
    dir.currentOwner().ifPresent(o -> out.printf("owner: %s%n", o.describe()));
    List<String> files = dir.metadataReader().listFileNames();
    out.printf("metadata checkpoints: %d retained%s%n", files.size(), files.isEmpty() ? "" : " (" + String.join(", ", files) + ")");
    if (read.checkpoint().isEmpty()) {
      out.println("no valid metadata checkpoint");
      return;
    }
    MetadataCheckpoint m = read.checkpoint().get();
    out.printf("newest: %s (epoch %d)%n", read.file().map(Object::toString).orElse("?"), m.writerEpoch());
    out.printf("batch interval: %d ms, last completed batch: %d, pending batches: %s%n", m.batchIntervalMs(),
        m.lastCompletedBatchTimeMs(), m.pendingBatchTimesMs());
    for (OperatorSignature sig : m.graph()) {
      out.printf("operator %s (%s, %s -> %s)%n", sig.operatorUid(), sig.kind(), blankAsUnknown(sig.keyClass()),
          blankAsUnknown(sig.valueClass()));
      DataCheckpointReader reader = dir.dataCheckpointReader(sig.operatorUid());
      for (DataCheckpointManifest manifest : reader.validManifests()) {
        long keys = manifest.partitions().stream().mapToLong(PartitionState::numKeys).sum();
        out.printf("  data checkpoint %d: %d partitions, %,d keys, %,d bytes (%s)%n", manifest.version(),
            manifest.partitions().size(), keys, manifest.totalBytes(), manifest.fileName());
      }
    }
  }

  private static String blankAsUnknown(String s) {
    return s == null || s.isEmpty() ? "?" : s;
  }

  private void printState(CheckpointDirectory dir, Optional<MetadataCheckpoint> metadata, PrintWriter out) throws IOException {
    DataCheckpointReader reader = dir.dataCheckpointReader(operator);
    DataCheckpointManifest manifest;
    if (version != null) {
      manifest = reader.manifest(version);
    } else {
      manifest = reader.newest().orElseThrow(() -> new CommandLine.ExecutionException(spec.commandLine(),
          "operator '" + operator + "' has no data checkpoint in " + dir.root()));
    }
    String kind = metadata.flatMap(m -> m.graph().stream().filter(s -> s.operatorUid().equals(operator)).findFirst())
        .map(OperatorSignature::kind).orElse("");
    KryoSerde serde = new KryoSerde(registry(metadata));
    TreeMap<String, Object[]> rows = new TreeMap<>();
    Path scratch = Files.createTempDirectory("tidemark-inspect-");
    try {
      for (PartitionState partition : manifest.partitions()) {
        Path downloaded = reader.download(manifest, partition.partition(), scratch.resolve("download-" + partition.partition()));
        try (StateBackend backend = partition.format().equals(StateSnapshot.FORMAT_HEAP)
                ? StateBackends.inMemory() : StateBackends.rocksDb(scratch.resolve("stores"));
            StateStore store = backend.restore(operator, partition.partition(), partition.keyGroups(), downloaded);
            StateReadView view = store.readView();
            StateIterator it = view.iterator()) {
          while (it.next()) {
            Object k = serde.deserialize(it.key());
            byte[] stored = it.value();
            Object v = serde.deserialize(kind.equals("mapWithState") ? Arrays.copyOfRange(stored, 8, stored.length) : stored);
            String keyText = String.valueOf(k);
            if (key == null || key.equals(keyText)) {
              rows.put(keyText, fields(v));
            }
          }
        }
      }
    } finally {
      deleteRecursively(scratch);
    }
    String keyColumn = FlightsJob.keyColumnName(operator);
    Object[] sample = rows.isEmpty() ? null : rows.firstEntry().getValue();
    List<String> header = new ArrayList<>();
    header.add(keyColumn);
    header.addAll(columnNames(manifestValueClass(metadata), sample));
    if (format.equals("csv")) {
      out.println(String.join(",", header));
      for (Map.Entry<String, Object[]> row : rows.entrySet()) {
        StringBuilder line = new StringBuilder(row.getKey());
        for (Object f : row.getValue()) {
          line.append(',').append(f);
        }
        out.println(line);
      }
    } else {
      out.printf("operator %s, data checkpoint %d, %,d keys%n", operator, manifest.version(), rows.size());
      out.println(String.join("\t", header));
      for (Map.Entry<String, Object[]> row : rows.entrySet()) {
        StringBuilder line = new StringBuilder(row.getKey());
        for (Object f : row.getValue()) {
          line.append('\t').append(f);
        }
        out.println(line);
      }
    }
  }

  private Class<?> manifestValueClass(Optional<MetadataCheckpoint> metadata) {
    return metadata.flatMap(m -> m.graph().stream().filter(s -> s.operatorUid().equals(operator)).findFirst())
        .map(OperatorSignature::valueClass).filter(n -> !n.isEmpty()).map(InspectCommand::classOrNull).orElse(null);
  }

  private static Class<?> classOrNull(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  /** A record's components, or the value itself as one field. */
  private static Object[] fields(Object value) {
    if (value != null && value.getClass().isRecord()) {
      RecordComponent[] components = value.getClass().getRecordComponents();
      Object[] out = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        try {
          out[i] = components[i].getAccessor().invoke(value);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot read " + components[i].getName() + " of " + value.getClass().getName(), e);
        }
      }
      return out;
    }
    return new Object[] {value};
  }

  private static List<String> columnNames(Class<?> valueClass, Object[] sample) {
    if (valueClass != null && valueClass.isRecord()) {
      return Arrays.stream(valueClass.getRecordComponents()).map(RecordComponent::getName).toList();
    }
    return List.of("value");
  }

  /** The job's Kryo registrations, as the checkpoint recorded them (the classes must be on the classpath). */
  private KryoRegistry registry(Optional<MetadataCheckpoint> metadata) {
    KryoRegistry.Builder builder = KryoRegistry.builder();
    String classes = metadata.map(m -> m.configuration().get(JobCheckpointer.KRYO_CLASSES)).orElse("");
    for (String name : classes.split(",")) {
      if (!name.isBlank()) {
        try {
          builder.register(Class.forName(name.trim()));
        } catch (ClassNotFoundException e) {
          throw new CommandLine.ExecutionException(spec.commandLine(), "the checkpoint's state uses class " + name
              + ", which is not on this classpath");
        }
      }
    }
    return builder.build();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

}

package io.tidemark.chaos;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where an episode's checkpoint directory lives: a local directory, or a URI on a real HDFS with
 * the Hadoop settings the job and {@code tidemark inspect} need to reach it.
 *
 * @param uri the {@code --checkpoint} argument, e.g. {@code /tmp/x/checkpoint} or {@code
 *     hdfs://127.0.0.1:9000/chaos/episode-0}
 * @param hadoopSettings passed as {@code --hadoop KEY=VALUE}
 */
record CheckpointLocation(String uri, Map<String, String> hadoopSettings) {
  CheckpointLocation {
    hadoopSettings = Map.copyOf(hadoopSettings);
  }

  /** A local directory. */
  static CheckpointLocation local(Path dir) {
    return new CheckpointLocation(dir.toString(), Map.of());
  }

  /** {@code --hadoop KEY=VALUE} for every setting, in key order. */
  List<String> hadoopArgs() {
    List<String> args = new ArrayList<>();
    new TreeMap<>(hadoopSettings).forEach((k, v) -> args.addAll(List.of("--hadoop", k + "=" + v)));
    return args;
  }
}

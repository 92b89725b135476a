package io.tidemark.checkpoint;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** The checkpoint guarantees on the local disk, through a {@code file:} URI, with 1,000,000 keys. */
class LocalCheckpointTest extends CheckpointContractTest {

  @Override
  Path checkpointRoot(String name) {
    return new Path(local.resolve("checkpoint-" + name).toUri());
  }

  @Override
  Configuration conf() {
    return new Configuration();
  }

  @Override
  long keys() {
    return 1_000_000;
  }
}

package io.tidemark.streaming.dstream;

import io.tidemark.state.StateBackend;
import io.tidemark.state.serde.KryoSerde;
import io.tidemark.streaming.TidemarkConf;
import io.tidemark.streaming.scheduler.Clock;
import io.tidemark.streaming.scheduler.TaskRunner;

/**
 * What nodes use while running: the task threads, the serialiser, the state backend, the clock
 * and the settings. Created at context start; immutable.
 *
 * @param tasks runs one task per partition
 * @param serde Kryo serialiser of keys and state values (thread-safe)
 * @param stateBackend opens state stores
 * @param clock the batch clock
 * @param conf the configuration
 * @param partitions default number of partitions of keyed operations
 * @param keyGroups number of key groups
 * @param blockTracker the received block tracker (one per context)
 * @param checkpointDir the checkpoint directory, or null when none is set
 * @param hadoopConf gives the Hadoop configuration for the checkpoint directory's file system,
 *     created when first asked for (a job with a local checkpoint directory never needs one)
 */
public record ExecutionEnvironment(
    TaskRunner tasks,
    KryoSerde serde,
    StateBackend stateBackend,
    Clock clock,
    TidemarkConf conf,
    int partitions,
    int keyGroups,
    io.tidemark.streaming.receiver.ReceivedBlockTracker blockTracker,
    org.apache.hadoop.fs.Path checkpointDir,
    java.util.function.Supplier<org.apache.hadoop.conf.Configuration> hadoopConf) {}

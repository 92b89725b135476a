package io.tidemark.bench.e2e;

import java.nio.file.Path;

/**
 * What both systems are given, identically.
 *
 * @param input the CSV file both read (see {@link FlightsCsvExport})
 * @param batchIntervalMs batch interval, ms
 * @param recordsPerBatch input lines per batch (batch k reads lines [k·n, (k+1)·n))
 * @param checkpointEveryBatches data checkpoint interval, in batches
 * @param cores Spark {@code local[cores]}, Tidemark {@code --partitions cores}
 * @param heap {@code -Xmx} of both JVMs, e.g. {@code 2g}
 * @param restartDelayMs how long after the kill -9 (the killed child reaped) the restart is
 *     started, ms. At least one interval, so that a batch is already due when either system is
 *     ready: restarted at once, a system that starts in less than an interval waits for the next
 *     interval boundary (the batch after the last completed one is not due yet), and its restart
 *     time would measure where in the interval the kill fell, not its recovery
 */
record JobShape(Path input, long batchIntervalMs, long recordsPerBatch, int checkpointEveryBatches, int cores,
    String heap, long restartDelayMs) {}

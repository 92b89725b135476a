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
 */
record JobShape(Path input, long batchIntervalMs, long recordsPerBatch, int checkpointEveryBatches, int cores,
    String heap) {}

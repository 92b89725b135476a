package io.tidemark.streaming.scheduler;

import io.tidemark.streaming.Time;
import io.tidemark.streaming.dstream.OutputOperation;
import java.util.List;

/**
 * The jobs of one batch time — one per output operation, run in order — and what its inputs
 * delivered. Spark's {@code JobSet}.
 *
 * @param time batch time
 * @param outputs the output operations to run
 * @param allocatedPerInput records allocated to the batch by each input, in the graph's input order
 * @param submissionTime when the batch was queued (ms on the batch clock)
 */
public record JobSet(Time time, List<OutputOperation<?>> outputs, long[] allocatedPerInput, long submissionTime) {

  /** Records allocated by all inputs. */
  public long allocatedRecords() {
    long n = 0;
    for (long a : allocatedPerInput) {
      n += a;
    }
    return n;
  }
}

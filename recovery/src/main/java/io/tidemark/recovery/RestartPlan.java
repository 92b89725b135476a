package io.tidemark.recovery;

import java.util.List;
import java.util.Map;

/**
 * How a job restarts from its checkpoint directory: where each operator's state comes from,
 * which batch times to run again — in order, each with exactly its logged input — before new
 * batches are generated, and the first new batch time.
 *
 * @param stateSources per operator uid
 * @param rerunBatchTimes batch times (ms) to run again, ascending
 * @param firstNewBatchTime the first batch time to generate after the re-runs (ms)
 */
public record RestartPlan(Map<String, StateSource> stateSources, List<Long> rerunBatchTimes, long firstNewBatchTime) {
  public RestartPlan {
    stateSources = Map.copyOf(stateSources);
    rerunBatchTimes = List.copyOf(rerunBatchTimes);
  }
}

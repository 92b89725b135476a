package io.tidemark.recovery;

import java.util.List;
import java.util.OptionalLong;

/**
 * What is known of one stateful operator when planning a restart.
 *
 * @param operatorUid the operator's uid
 * @param localVersions the committed version of each local partition store ({@code -1} for a
 *     store that never committed); empty when there is no local state (deleted, another machine)
 * @param newestDataCheckpoint the newest published data-checkpoint version, if any
 */
public record OperatorRecoveryInput(String operatorUid, List<Long> localVersions, OptionalLong newestDataCheckpoint) {
  public OperatorRecoveryInput {
    localVersions = List.copyOf(localVersions);
  }
}

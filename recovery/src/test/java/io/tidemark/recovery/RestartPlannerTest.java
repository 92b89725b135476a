package io.tidemark.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RestartPlannerTest {

  @Test
  void localStateAtItsVersionIsUsedAndLaterBatchesRerun() {
    RestartPlan plan = RestartPlanner.plan(0, 1000, 7000, 7000, List.of(
        new OperatorRecoveryInput("origin-stats", List.of(6000L, 7000L), OptionalLong.of(3000))));
    assertThat(plan.stateSources()).containsEntry("origin-stats", new StateSource.Local(6000));
    assertThat(plan.rerunBatchTimes()).containsExactly(7000L);
    assertThat(plan.firstNewBatchTime()).isEqualTo(8000);
  }

  @Test
  void localStateOlderThanTheDataCheckpointIsNotUsed() {
    RestartPlan plan = RestartPlanner.plan(0, 1000, 9000, 9000, List.of(
        new OperatorRecoveryInput("w", List.of(2000L, 9000L), OptionalLong.of(5000))));
    assertThat(plan.stateSources()).containsEntry("w", new StateSource.DataCheckpoint(5000));
    assertThat(plan.rerunBatchTimes()).containsExactly(6000L, 7000L, 8000L, 9000L);
  }

  @Test
  void withoutLocalStateTheNewestDataCheckpointIsDownloaded() {
    RestartPlan plan = RestartPlanner.plan(0, 1000, 4000, 4000, List.of(
        new OperatorRecoveryInput("a", List.of(), OptionalLong.of(2000)),
        new OperatorRecoveryInput("b", List.of(4000L, 4000L), OptionalLong.of(2000))));
    assertThat(plan.stateSources()).containsEntry("a", new StateSource.DataCheckpoint(2000))
        .containsEntry("b", new StateSource.Local(4000));
    assertThat(plan.rerunBatchTimes()).containsExactly(3000L, 4000L); // from the lowest operator on
  }

  @Test
  void nothingAnywhereMeansEmptyStateAndEveryAllocatedBatchAgain() {
    RestartPlan plan = RestartPlanner.plan(1000, 500, 2000, 3000, List.of(
        new OperatorRecoveryInput("a", List.of(), OptionalLong.empty())));
    assertThat(plan.stateSources().get("a")).isInstanceOf(StateSource.Empty.class);
    assertThat(plan.rerunBatchTimes()).containsExactly(1500L, 2000L, 2500L, 3000L);
    assertThat(plan.firstNewBatchTime()).isEqualTo(3500);
  }

  @Test
  void storesThatNeverCommittedCountAsEmptyVersions() {
    RestartPlan plan = RestartPlanner.plan(0, 1000, 1000, 2000, List.of(
        new OperatorRecoveryInput("a", List.of(-1L, 2000L), OptionalLong.empty())));
    assertThat(plan.stateSources()).containsEntry("a", new StateSource.Local(-1));
    assertThat(plan.rerunBatchTimes()).containsExactly(1000L, 2000L);
  }

  @Test
  void aStatelessJobRerunsTheBatchesAllocatedButNotCompleted() {
    RestartPlan plan = RestartPlanner.plan(0, 1000, 3000, 5000, List.of());
    assertThat(plan.rerunBatchTimes()).containsExactly(4000L, 5000L);
    assertThat(plan.firstNewBatchTime()).isEqualTo(6000);
  }

  @Test
  void stateAheadOfTheLastCompletedBatchStillRerunsThatBatchForItsOutputs() {
    RestartPlan plan = RestartPlanner.plan(0, 1000, 6000, 7000, List.of(
        new OperatorRecoveryInput("a", List.of(7000L, 7000L), OptionalLong.empty())));
    assertThat(plan.rerunBatchTimes()).containsExactly(7000L);
  }
}

package io.tidemark.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tidemark.state.StateBackend;
import io.tidemark.state.StateBackends;
import io.tidemark.state.StateStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per checkpoint directory: refusal, takeover, epochs, zombies. */
@SuppressWarnings("try") // ChildJvm.close() may throw InterruptedException
class CheckpointLeaseTest {

  @TempDir
  java.nio.file.Path tmp;

  Path root() {
    return new Path(tmp.resolve("checkpoint").toUri());
  }

  @Test
  void aSecondWriterOnALiveOwnersDirectoryIsRefusedWithTheOwnersHostPidAndStartTime() {
    try (CheckpointDirectory first = CheckpointDirectory.openForWriting(root(),
        new Configuration(), CheckpointOptions.defaults())) {
      ProcessHandle me = ProcessHandle.current();
      assertThatThrownBy(() -> CheckpointDirectory.openForWriting(root(), new Configuration(),
          CheckpointOptions.defaults()))
          .isInstanceOfSatisfying(CheckpointOwnedException.class,
              e -> assertThat(e.owner().epoch()).isEqualTo(first.epoch()))
          .hasMessageContaining("host " + CheckpointLease.localHost())
          .hasMessageContaining("pid " + me.pid())
          .hasMessageContaining("started " + first.lease().owner().processStart())
          .hasMessageContaining("epoch " + first.epoch());
    }
  }

  @Test
  void aCleanlyClosedOwnerIsFollowedByTheNextEpoch() {
    long epoch;
    try (CheckpointDirectory first = CheckpointDirectory.openForWriting(root(),
        new Configuration(), CheckpointOptions.defaults())) {
      epoch = first.epoch();
    }
    try (CheckpointDirectory second = CheckpointDirectory.openForWriting(root(),
        new Configuration(), CheckpointOptions.defaults())) {
      assertThat(second.epoch()).isEqualTo(epoch + 1);
    }
  }

  @Test
  void aKilledOwnerIsTakenOverWithTheNextEpoch() throws Exception {
    try (ChildJvm child = ChildJvm.start(tmp, "128m", LeaseHolderChild.class,
        root().toString())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> child.output().contains("pid="));
      long childEpoch = Long.parseLong(child.value("epoch"));
      assertThatThrownBy(() -> CheckpointDirectory.openForWriting(root(), new Configuration(),
          CheckpointOptions.defaults()))
          .isInstanceOf(CheckpointOwnedException.class)
          .hasMessageContaining("pid " + child.value("pid"));
      child.kill();
      try (CheckpointDirectory next = CheckpointDirectory.openForWriting(root(),
          new Configuration(), CheckpointOptions.defaults())) {
        assertThat(next.epoch()).isEqualTo(childEpoch + 1);
      }
    }
  }

  /** Makes the current owner look like a process on another host whose last heartbeat is old. */
  static void forgeRemoteOwner(CheckpointDirectory dir, Instant heartbeat) throws IOException {
    OwnerInfo me = dir.lease().owner();
    OwnerInfo remote = new OwnerInfo(me.epoch(), "elsewhere.example", 4242, me.processStart(),
        me.acquiredAt(), heartbeat, false);
    CheckpointStorage storage = CheckpointStorage.open(dir.root(), new Configuration(),
        PublishMode.AUTO);
    storage.publish(new Path(dir.root(), CheckpointLease.OWNER_FILE), remote.encode());
  }

  @Test
  void anOwnerOnAnotherHostIsAliveUntilItsHeartbeatIsOlderThanTheLeaseTimeout()
      throws IOException {
    CheckpointOptions options = CheckpointOptions.defaults();
    try (CheckpointDirectory first = CheckpointDirectory.openForWriting(root(),
        new Configuration(), options)) {
      forgeRemoteOwner(first, Instant.now());
      assertThatThrownBy(() -> CheckpointDirectory.openForWriting(root(), new Configuration(),
          options)).hasMessageContaining("host elsewhere.example, pid 4242");
      forgeRemoteOwner(first, Instant.now().minus(options.leaseTimeout()).minusSeconds(1));
      try (CheckpointDirectory second = CheckpointDirectory.openForWriting(root(),
          new Configuration(), options)) {
        assertThat(second.epoch()).isEqualTo(first.epoch() + 1);
      }
    }
  }

  @Test
  void aZombiesLateManifestsAfterATakeoverAreIgnoredAndTheNewerStateRestores() throws Exception {
    try (StateBackend backend = StateBackends.rocksDb(tmp.resolve("state"));
        CheckpointDirectory zombie = CheckpointDirectory.openForWriting(root(),
            new Configuration(), CheckpointOptions.defaults().withDataCheckpointsRetained(5))) {
      StateStore store = backend.open("op", 0, TestStates.ALL);
      TestStates.write(store, 1000, i -> true, 100, 1000);
      DataCheckpointWriter zombieWriter = zombie.dataCheckpointWriter("op");
      zombieWriter.write(100, List.of(store.snapshot(tmp.resolve("s100"))));

      // The zombie pauses (on "another host"); its lease times out and a new run takes over.
      forgeRemoteOwner(zombie, Instant.now().minus(Duration.ofMinutes(5)));
      try (CheckpointDirectory newer = CheckpointDirectory.openForWriting(root(),
          new Configuration(), CheckpointOptions.defaults().withDataCheckpointsRetained(5));
          StateBackend newerBackend = StateBackends.rocksDb(tmp.resolve("newer-state"))) {
        DataCheckpointReader reader = newer.dataCheckpointReader("op");
        DataCheckpointManifest base = reader.newest().orElseThrow();
        reader.download(base, 0, tmp.resolve("download"));
        StateStore resumed = newerBackend.restore("op", 0, TestStates.ALL,
            tmp.resolve("download"));

        // Before the new run publishes anything, the zombie still publishes 200 and 300 (no
        // check can stop a writer paused between its check and its write).
        TestStates.write(store, 1000, TestStates.every(10, 2), 200, 1000);
        zombieWriter.write(200, List.of(store.snapshot(tmp.resolve("z200"))));
        TestStates.write(store, 1000, TestStates.every(10, 3), 300, 1000);
        zombieWriter.write(300, List.of(store.snapshot(tmp.resolve("z300"))));
        java.nio.file.Path opDir = tmp.resolve("checkpoint/state/op");
        byte[] late200 = java.nio.file.Files.readAllBytes(
            opDir.resolve("manifest-200-e" + zombie.epoch()));
        byte[] late300 = java.nio.file.Files.readAllBytes(
            opDir.resolve("manifest-300-e" + zombie.epoch()));

        // The new run resumed from 100 and publishes 200.
        TestStates.write(resumed, 1000, TestStates.every(10, 1), 200, 1000);
        newer.dataCheckpointWriter("op").write(200,
            List.of(resumed.snapshot(tmp.resolve("n200"))));
        // The zombie's manifests arrive (again) late, e.g. delayed object-store PUTs.
        java.nio.file.Files.write(opDir.resolve("manifest-200-e" + zombie.epoch()), late200);
        java.nio.file.Files.write(opDir.resolve("manifest-300-e" + zombie.epoch()), late300);
        assertThat(reader.listManifestNames()).containsExactly(
            "manifest-300-e" + zombie.epoch(), "manifest-200-e" + newer.epoch(),
            "manifest-200-e" + zombie.epoch(), "manifest-100-e" + zombie.epoch());

        DataCheckpointManifest chosen = reader.newest().orElseThrow();
        assertThat(chosen.fileName()).isEqualTo("manifest-200-e" + newer.epoch());
        assertThat(reader.manifest(200).epoch()).isEqualTo(newer.epoch());
        assertThat(reader.validManifests()).extracting(DataCheckpointManifest::fileName)
            .containsExactly("manifest-200-e" + newer.epoch(), "manifest-100-e" + zombie.epoch());
        reader.download(chosen, 0, tmp.resolve("restore"));
        try (StateBackend fresh = StateBackends.rocksDb(tmp.resolve("fresh"));
            StateStore restored = fresh.restore("op", 0, TestStates.ALL, tmp.resolve("restore"))) {
          TestStates.assertContents(restored, 1000, i -> i % 10 == 1 ? 200 : 100);
        }

        // The zombie's next attempt sees the newer epoch's manifest and refuses to publish.
        TestStates.write(store, 1000, TestStates.every(10, 4), 400, 1000);
        assertThatThrownBy(() -> zombieWriter.write(400,
            List.of(store.snapshot(tmp.resolve("z400")))))
            .isInstanceOf(CheckpointLease.LostException.class)
            .hasMessageContaining("manifest-200-e" + newer.epoch());
      }
    }
  }

  @Test
  void aWriterWhoseDirectoryWasTakenOverNoticesAtItsHeartbeatAndRefusesToPublish()
      throws Exception {
    try (CheckpointDirectory zombie = CheckpointDirectory.openForWriting(root(),
        new Configuration(), CheckpointOptions.defaults())) {
      forgeRemoteOwner(zombie, Instant.now().minus(Duration.ofMinutes(5)));
      try (CheckpointDirectory newer = CheckpointDirectory.openForWriting(root(),
          new Configuration(), CheckpointOptions.defaults())) {
        zombie.lease().checkOwned(); // it has not noticed yet
        zombie.lease().heartbeatNow();
        assertThatThrownBy(() -> zombie.lease().checkOwned())
            .isInstanceOf(CheckpointLease.LostException.class)
            .hasMessageContaining("epoch " + newer.epoch());
        assertThatThrownBy(() -> zombie.metadataWriter().write(
            CheckpointContractTest.metadata(zombie.epoch(), 5000)))
            .isInstanceOf(CheckpointLease.LostException.class);
        assertThat(newer.currentOwner().orElseThrow().epoch()).isEqualTo(zombie.epoch() + 1);
      }
    }
  }
}

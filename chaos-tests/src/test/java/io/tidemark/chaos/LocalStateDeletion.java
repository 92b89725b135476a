package io.tidemark.chaos;

import java.nio.file.Files;
import java.util.Random;

/**
 * Deletes the local state directory ({@code --state-dir}): the loss of the machine's disk. The
 * job must restore every operator from the newest data checkpoint and re-run the batches after it.
 */
record LocalStateDeletion() implements Damage {
  @Override
  public String label() {
    return "state dir deleted";
  }

  @Override
  public boolean apply(JobDirs dirs, Random random) {
    if (!Files.isDirectory(dirs.stateDir())) {
      throw new IllegalStateException("no local state directory " + dirs.stateDir() + " to delete");
    }
    JobDirs.deleteRecursively(dirs.stateDir());
    return true;
  }
}

package io.tidemark.checkpoint;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** A child JVM that acquires a checkpoint directory, prints its epoch and waits to be killed. */
public final class LeaseHolderChild {
  private LeaseHolderChild() {}

  public static void main(String[] args) throws Exception {
    CheckpointDirectory dir = CheckpointDirectory.openForWriting(new Path(args[0]),
        new Configuration(), CheckpointOptions.defaults());
    System.out.println("epoch=" + dir.epoch());
    System.out.println("pid=" + ProcessHandle.current().pid());
    System.out.flush();
    System.in.read(); // until killed
  }
}

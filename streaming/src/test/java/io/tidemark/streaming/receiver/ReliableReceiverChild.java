package io.tidemark.streaming.receiver;

import io.tidemark.streaming.StreamingContext;
import io.tidemark.streaming.TidemarkConf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM for {@link ReceiverKillTest}: a reliable receiver stores sequence numbers as fast
 * as it can, in blocks of 50, through the WAL in {@code args[0]}, and prints {@code ACK <last>}
 * after each {@code store} returned. It resumes after the last number the logs already hold.
 * Batches are an hour apart, so nothing is processed or cleaned while it runs.
 */
public final class ReliableReceiverChild {
  private ReliableReceiverChild() {}

  public static void main(String[] args) throws Exception {
    String checkpoint = args[0];
    long resumeFrom = 0;
    if (new java.io.File(checkpoint, "tracker").exists()) {
      List<Object> stored = ReceiverLogs.trackedRecords(checkpoint, 0);
      resumeFrom = stored.isEmpty() ? 0 : (Long) stored.get(stored.size() - 1) + 1;
    }
    System.out.println("RESUME " + resumeFrom);
    System.out.flush();
    long start = resumeFrom;
    Receiver<Long> numbers = new Receiver<>() {
      @Override
      public void onStart() {
        Thread t = new Thread(() -> {
          long next = start;
          while (!isStopped()) {
            List<Long> block = new ArrayList<>(50);
            for (int i = 0; i < 50; i++) {
              block.add(next++);
            }
            store(block);
            System.out.println("ACK " + (next - 1));
            System.out.flush();
          }
        }, "numbers");
        t.setDaemon(true);
        t.start();
      }

      @Override
      public void onStop() {}
    };
    TidemarkConf conf = new TidemarkConf().set(TidemarkConf.STATE_BACKEND, "memory")
        .set(TidemarkConf.RECEIVER_WAL_ENABLE, "true").set(TidemarkConf.RECEIVER_WAL_DURABILITY, "group");
    StreamingContext ssc = new StreamingContext(conf, Duration.ofHours(1));
    ssc.checkpoint(checkpoint);
    ssc.receiverStream(numbers).foreachBatch(b -> { });
    ssc.start();
    ssc.awaitTermination();
  }
}

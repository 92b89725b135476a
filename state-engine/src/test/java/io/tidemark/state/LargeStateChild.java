package io.tidemark.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Child JVM of {@link RocksDbLargeStateTest}: writes {@code numKeys} 16-byte keys with 16-byte
 * values into a RocksDB store in committed batches, reads a sample back, scans everything and
 * reopens, printing {@code name=value} lines. Exits 1 on any mismatch.
 */
public final class LargeStateChild {
  static final int NUM_KEY_GROUPS = 128;

  private LargeStateChild() {}

  static byte[] key(long i) {
    return ByteBuffer.allocate(16).putLong(i).putLong(i * 0x9E3779B97F4A7C15L).array();
  }

  static byte[] value(long i) {
    return ByteBuffer.allocate(16).putLong(~i).putLong(i).array();
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    long numKeys = Long.parseLong(args[1]);
    int batchSize = Integer.parseInt(args[2]);
    KeyGroupRange all = new KeyGroupRange(0, NUM_KEY_GROUPS - 1);
    System.out.println("maxMemory=" + Runtime.getRuntime().maxMemory());

    long start = System.nanoTime();
    try (StateBackend backend = StateBackends.rocksDb(dir);
        StateStore store = backend.open("large", 0, all)) {
      long written = 0;
      long version = 0;
      while (written < numKeys) {
        StateWriteBatch batch = store.newWriteBatch();
        long end = Math.min(numKeys, written + batchSize);
        for (long i = written; i < end; i++) {
          byte[] key = key(i);
          batch.put(KeyGroupAssignment.keyGroupFor(key, NUM_KEY_GROUPS), key, value(i));
        }
        store.commit(batch, ++version, end);
        written = end;
      }
      long writeNanos = System.nanoTime() - start;
      System.out.println("writeMillis=" + writeNanos / 1_000_000);
      System.out.println("writesPerSecond=" + (long) (numKeys / (writeNanos / 1e9)));
      System.out.println("commits=" + version);

      long readStart = System.nanoTime();
      SplittableRandom random = new SplittableRandom(42);
      int samples = 20_000;
      for (int chunk = 0; chunk < samples / 1000; chunk++) {
        int[] groups = new int[1000];
        List<byte[]> keys = new ArrayList<>(1000);
        long[] ids = new long[1000];
        for (int j = 0; j < 1000; j++) {
          ids[j] = random.nextLong(numKeys + numKeys / 10); // about 9% absent keys
          byte[] key = key(ids[j]);
          keys.add(key);
          groups[j] = KeyGroupAssignment.keyGroupFor(key, NUM_KEY_GROUPS);
        }
        List<byte[]> values = store.multiGet(groups, keys);
        for (int j = 0; j < 1000; j++) {
          byte[] expected = ids[j] < numKeys ? value(ids[j]) : null;
          if (!java.util.Arrays.equals(expected, values.get(j))) {
            System.out.println("MISMATCH at key " + ids[j]);
            System.exit(1);
          }
        }
      }
      System.out.println("sampleReadMillis=" + (System.nanoTime() - readStart) / 1_000_000);
      System.out.println("numKeys=" + store.numKeys());
      System.out.println("version=" + store.committedVersion());

      long scanStart = System.nanoTime();
      long scanned = 0;
      int lastGroup = -1;
      try (StateReadView view = store.readView(); StateIterator it = view.iterator()) {
        while (it.next()) {
          int group = it.keyGroup();
          if (group < lastGroup) {
            System.out.println("ORDER violated at entry " + scanned);
            System.exit(1);
          }
          lastGroup = group;
          scanned++;
        }
      }
      System.out.println("scanned=" + scanned);
      System.out.println("scanMillis=" + (System.nanoTime() - scanStart) / 1_000_000);
    }
    try (StateBackend backend = StateBackends.rocksDb(dir);
        StateStore store = backend.open("large", 0, all)) {
      System.out.println("reopenedNumKeys=" + store.numKeys());
      System.out.println("reopenedVersion=" + store.committedVersion());
      byte[] key = key(numKeys - 1);
      boolean lastKeyOk = java.util.Arrays.equals(value(numKeys - 1),
          store.get(KeyGroupAssignment.keyGroupFor(key, NUM_KEY_GROUPS), key));
      System.out.println("reopenedLastKeyOk=" + lastKeyOk);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      System.out.println("diskBytes=" + files.filter(Files::isRegularFile)
          .mapToLong(p -> p.toFile().length()).sum());
    }
    System.out.println("heapUsedAtEnd=" + (Runtime.getRuntime().totalMemory()
        - Runtime.getRuntime().freeMemory()));
    System.out.println("peakRss=" + peakRss());
    System.out.println("totalMillis=" + (System.nanoTime() - start) / 1_000_000);
  }

  private static String peakRss() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return "unknown";
    }
    return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM:"))
        .map(l -> l.substring(6).trim()).findFirst().orElse("unknown");
  }
}

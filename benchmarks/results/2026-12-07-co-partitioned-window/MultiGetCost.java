import org.rocksdb.*; import java.util.*; import java.nio.file.*;
/**
 * How long RocksDB point reads of 1,630 keys take from Java (rocksdbjni, a 3,300-key database):
 * multiGetAsList, a get loop, and a put batch plus write. With any argument the memtable is
 * first flushed and compacted to one SST and no more writes happen.
 *
 * <pre>
 * RJ=~/.m2/repository/org/rocksdb/rocksdbjni/10.10.1/rocksdbjni-10.10.1-linux64.jar
 * javac -d /tmp/mg -cp $RJ MultiGetCost.java && java -cp $RJ:/tmp/mg MultiGetCost [sst]
 * </pre>
 */
public class MultiGetCost {
  public static void main(String[] a) throws Exception {
    RocksDB.loadLibrary();
    Path dir = Files.createTempDirectory("multiget-cost");
    try (Options o = new Options().setCreateIfMissing(true); RocksDB db = RocksDB.open(o, dir.toString()); ReadOptions ro = new ReadOptions(); WriteOptions wo = new WriteOptions()) {
      int n = 3300; List<byte[]> keys = new ArrayList<>(); Random r = new Random(1);
      for (int i = 0; i < n; i++) { byte[] k = new byte[2 + 9]; r.nextBytes(k); keys.add(k); }
      keys.sort(Arrays::compareUnsigned);
      byte[] v = new byte[24];
      for (int round = 0; round < 10; round++) try (WriteBatch b = new WriteBatch()) { for (byte[] k : keys) b.put(k, v); db.write(wo, b); }
      List<byte[]> half = keys.subList(0, 1630);
      if (a.length > 0) { try (FlushOptions f = new FlushOptions().setWaitForFlush(true)) { db.flush(f); } db.compactRange(); }
      for (int it = 0; it < 6; it++) {
        long t0 = System.nanoTime(); int s = 0;
        for (int rep = 0; rep < 200; rep++) s += db.multiGetAsList(ro, half).size();
        long t1 = System.nanoTime();
        for (int rep = 0; rep < 200; rep++) for (byte[] k : half) s += db.get(ro, k).length;
        long t2 = System.nanoTime();
        for (int rep = 0; rep < (a.length > 0 ? 0 : 200); rep++) try (WriteBatch b = new WriteBatch()) { for (byte[] k : half) b.put(k, v); db.write(wo, b); }
        long t3 = System.nanoTime();
        System.out.printf("multiGetAsList %.0f us  get-loop %.0f us  put+write %.0f us per 1630 keys%n", (t1-t0)/200e3, (t2-t1)/200e3, (t3-t2)/200e3);
      }
    }
  }
}

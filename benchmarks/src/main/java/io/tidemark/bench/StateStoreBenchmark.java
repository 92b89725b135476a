package io.tidemark.bench;

import io.tidemark.state.KeyGroupAssignment;
import io.tidemark.state.KeyGroupRange;
import io.tidemark.state.StateBackend;
import io.tidemark.state.StateBackends;
import io.tidemark.state.StateStore;
import io.tidemark.state.StateWriteBatch;
import io.tidemark.state.serde.KryoRegistry;
import io.tidemark.state.serde.KryoSerde;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Read-modify-write of one batch of {@value #BATCH} distinct keys, as a stateful operator does
 * per partition and batch (DESIGN "Compute"/"Commit"): one {@code multiGet}, a counter
 * increment per value, the new values in one {@code WriteBatch}, one {@code commit} with the
 * next state version.
 *
 * <p>The store is filled with {@code keysInState} keys (Kryo-serialised strings {@code
 * "key-<n>"}, 8-byte counter values) before measuring; each invocation takes the next {@value
 * #BATCH} keys of a random permutation of them, so keys are uniform and distinct within a
 * batch. The score is key updates per second (ops/s with {@value #BATCH} operations per
 * invocation). RocksDB runs with the backend's defaults ({@code sync=false}: a commit reaches
 * the OS page cache, not the disk). At these sizes the state fits in RocksDB's memtables and
 * block cache; larger state is the end-to-end state-size benchmark's job (issue 7, point 2).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class StateStoreBenchmark {

  /** Keys per batch. */
  public static final int BATCH = 1024;

  private static final int NUM_KEY_GROUPS = KeyGroupAssignment.DEFAULT_NUM_KEY_GROUPS;
  private static final int LOAD_CHUNK = 50_000;

  /** Which store. */
  @Param({"rocksdb", "memory"})
  public String backend;

  /** Number of keys in state when measuring. */
  @Param({"100000", "1000000"})
  public int keysInState;

  private Path dir;
  private StateBackend stateBackend;
  private StateStore store;
  private byte[][] keys;
  private int[] groups;
  private int[] order;
  private int cursor;
  private long version;

  /** Opens the store and loads {@code keysInState} keys, outside the measurement. */
  @Setup(Level.Trial)
  public void setUp() {
    if (backend.equals("rocksdb")) {
      dir = BenchDirs.newScratchDir("state-bench-");
      stateBackend = StateBackends.rocksDb(dir);
    } else {
      stateBackend = StateBackends.inMemory();
    }
    store = stateBackend.open("bench-op", 0, new KeyGroupRange(0, NUM_KEY_GROUPS - 1));
    KryoSerde serde = new KryoSerde(KryoRegistry.builtInsOnly());
    keys = new byte[keysInState][];
    groups = new int[keysInState];
    for (int i = 0; i < keysInState; i++) {
      keys[i] = serde.serialize("key-" + i);
      groups[i] = KeyGroupAssignment.keyGroupFor(keys[i], NUM_KEY_GROUPS);
    }
    for (int from = 0; from < keysInState; from += LOAD_CHUNK) {
      int to = Math.min(keysInState, from + LOAD_CHUNK);
      StateWriteBatch batch = store.newWriteBatch();
      for (int i = from; i < to; i++) {
        batch.put(groups[i], keys[i], counter(0));
      }
      store.commit(batch, ++version, to);
    }
    order = new int[keysInState];
    for (int i = 0; i < keysInState; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(7);
    for (int i = keysInState - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  /** Closes the store and deletes its files. */
  @TearDown(Level.Trial)
  public void tearDown() {
    stateBackend.close();
    BenchDirs.deleteRecursively(dir);
  }

  /** One batch: multiGet, increment, WriteBatch, commit. Returns the last new value. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long readModifyWriteBatch() {
    int[] batchGroups = new int[BATCH];
    List<byte[]> batchKeys = new ArrayList<>(BATCH);
    nextBatch(batchGroups, batchKeys);
    List<byte[]> values = store.multiGet(batchGroups, batchKeys);
    StateWriteBatch updates = store.newWriteBatch();
    long last = 0;
    for (int i = 0; i < BATCH; i++) {
      byte[] v = values.get(i);
      last = (v == null ? 0 : ByteBuffer.wrap(v).getLong()) + 1;
      updates.put(batchGroups[i], batchKeys.get(i), counter(last));
    }
    store.commit(updates, ++version, keysInState);
    return last;
  }

  /**
   * The read half alone: one {@code multiGet} of a batch (so that the write half's cost is
   * {@code readModifyWriteBatch} minus this). Returns the values, for the blackhole.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<byte[]> multiGetBatch() {
    int[] batchGroups = new int[BATCH];
    List<byte[]> batchKeys = new ArrayList<>(BATCH);
    nextBatch(batchGroups, batchKeys);
    return store.multiGet(batchGroups, batchKeys);
  }

  private void nextBatch(int[] batchGroups, List<byte[]> batchKeys) {
    for (int i = 0; i < BATCH; i++) {
      int k = order[cursor];
      cursor = cursor + 1 == order.length ? 0 : cursor + 1;
      batchGroups[i] = groups[k];
      batchKeys.add(keys[k]);
    }
  }

  private static byte[] counter(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }
}

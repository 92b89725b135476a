package io.tidemark.streaming.dstream;

import io.tidemark.streaming.Batch;
import io.tidemark.streaming.Time;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A node of the DStream graph: computes this stream's {@link Batch} for a batch time from its
 * parents' batches, remembers generated batches as long as a window or a later batch needs
 * them, and forgets them after. Spark's {@code DStream} minus the user API (which is
 * {@link io.tidemark.streaming.DStream}).
 *
 * <p>Threading: compute, getOrCompute and clearMetadata are called by the job thread of the
 * scheduler, one batch at a time; methods are synchronized for the rare access from a listener.
 *
 * @param <T> element type
 */
public abstract class StreamNode<T> {
  protected final DStreamGraph graph;
  private final int id;
  private final TreeMap<Time, Batch<T>> generated = new TreeMap<>();
  // Read by task threads while the job thread holds this node's lock in getOrCompute, so these
  // are volatile and their getters take no lock.
  private volatile Duration rememberDuration;
  private volatile Duration lineageDuration;
  private volatile Time zeroTime;
  private volatile String uid;

  protected StreamNode(DStreamGraph graph) {
    this.graph = graph;
    this.id = graph.register(this);
  }

  /** Parents, whose batches this node's batches are computed from. */
  public abstract List<StreamNode<?>> dependencies();

  /** Interval between this stream's batches (the batch interval unless windowed). */
  public Duration slideDuration() {
    List<StreamNode<?>> deps = dependencies();
    if (deps.isEmpty()) {
      return graph.batchDuration();
    }
    return deps.get(0).slideDuration();
  }

  /** Computes this node's data for {@code time}, or empty when the node has none then. */
  protected abstract Optional<Batch<T>> compute(Time time);

  /** A short name for logs and generated uids, e.g. {@code map}. */
  public abstract String kind();

  /** Node id, unique in the graph, in creation order. */
  public final int id() {
    return id;
  }

  /** The user-given uid, or {@code kind-id} when none was given. */
  public String uid() {
    return uid != null ? uid : kind() + "-" + id;
  }

  /** Whether the user named this node. */
  public boolean hasUserUid() {
    return uid != null;
  }

  /** Sets the operator uid (the stable name of its state in checkpoints). */
  public synchronized void setUid(String newUid) {
    graph.checkNotStarted("set a uid");
    if (newUid == null || !newUid.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "operator uid '" + newUid + "' must be non-empty and use only letters, digits, '.', '_', '-'");
    }
    this.uid = newUid;
  }

  /** The context's zero time (one batch interval before the first batch). */
  protected final Time zeroTime() {
    if (zeroTime == null) {
      throw new IllegalStateException(uid() + " is not initialized");
    }
    return zeroTime;
  }

  /** Whether {@code time} is one of this stream's batch times. */
  public boolean isTimeValid(Time time) {
    Time zero = zeroTime();
    return time.isAfter(zero)
        && time.isMultipleOf(zero, graph.batchDuration())
        && time.isMultipleOf(zero, slideDuration());
  }

  /** Returns the cached batch of {@code time}, computing it on first use. */
  public final synchronized Optional<Batch<T>> getOrCompute(Time time) {
    Batch<T> cached = generated.get(time);
    if (cached != null) {
      return Optional.of(cached);
    }
    if (!isTimeValid(time)) {
      return Optional.empty();
    }
    Optional<Batch<T>> computed = compute(time);
    computed.ifPresent(b -> generated.put(time, b));
    return computed;
  }

  /** The times of the batches this node remembers now, oldest first (a copy). */
  public synchronized java.util.SortedSet<Time> rememberedTimes() {
    return new java.util.TreeSet<>(generated.keySet());
  }

  /** The batches generated in {@code (from, to]} on this stream's slide, oldest first. */
  public final List<Batch<T>> slice(Time fromExclusive, Time toInclusive) {
    List<Batch<T>> out = new java.util.ArrayList<>();
    Duration slide = slideDuration();
    Time zero = zeroTime();
    long first = fromExclusive.milliseconds() + 1;
    long offset = Math.floorMod(first - zero.milliseconds(), slide.toMillis());
    long t = offset == 0 ? first : first + (slide.toMillis() - offset);
    for (; t <= toInclusive.milliseconds(); t += slide.toMillis()) {
      getOrCompute(new Time(t)).ifPresent(out::add);
    }
    return out;
  }

  /**
   * Makes this node remember batches for at least {@code d}, and its parents for as long as
   * this node needs their batches (Spark's {@code DStream.remember}). Call after
   * {@link #initialize}. Equivalent to {@code remember(d, d)}.
   */
  public synchronized void remember(Duration d) {
    remember(d, d);
  }

  /**
   * Makes this node keep its batches for at least {@code data} and be able to recompute batches
   * at least {@code lineage} old, and tells its parents what that needs of them. The two differ
   * below a node that materialises its batches (a shuffle, {@link #materializesBatches}): its
   * remembered batches hold their own data, so its parents keep their batches only as long as
   * they need themselves, while their lineage (what an input read for a batch: offset ranges,
   * received blocks) is kept as long as a consumer may recompute a batch. Without the
   * distinction, a cached stream upstream of a 30-batch window kept 31 batches of records on the
   * heap although the window reads only the shuffle's per-key results. A null duration asks for
   * nothing.
   */
  public synchronized void remember(Duration data, Duration lineage) {
    rememberDuration = longer(rememberDuration, data);
    lineageDuration = longer(longer(lineageDuration, lineage), rememberDuration);
    Duration reach = parentReach();
    Duration parentData = materializesBatches() ? null : plus(rememberDuration, reach);
    Duration parentLineage = plus(lineageDuration, reach);
    for (StreamNode<?> dep : dependencies()) {
      dep.remember(parentData, parentLineage);
    }
  }

  /** The longer of two durations, either possibly null (nothing asked). */
  private static Duration longer(Duration a, Duration b) {
    return a == null || (b != null && b.compareTo(a) > 0) ? b : a;
  }

  private static Duration plus(Duration d, Duration extra) {
    return d == null ? null : d.plus(extra);
  }

  /**
   * How far before a batch's time this node reads its parents' batches: zero by default,
   * windows add their length (and a reduced window one slide more).
   */
  protected Duration parentReach() {
    return Duration.ZERO;
  }

  /**
   * Whether this node's batches hold their own data (computed eagerly, not views of the
   * parents' batches), so that remembering them does not need the parents' batches. False by
   * default.
   */
  protected boolean materializesBatches() {
    return false;
  }

  /** How long this node remembers its batches. */
  public Duration rememberDuration() {
    return rememberDuration;
  }

  /**
   * How old a batch of this node may be when a consumer computes it again (e.g. a window's
   * leaving batch after a restart): at least {@link #rememberDuration()}. Inputs keep what they
   * read for a batch (offset ranges, received blocks) this long.
   */
  public Duration lineageDuration() {
    return lineageDuration;
  }

  /** Sets the zero time of this node and its parents (once, at start). */
  public synchronized void initialize(Time zero) {
    if (zeroTime != null) {
      return;
    }
    zeroTime = zero;
    if (rememberDuration == null) {
      rememberDuration = slideDuration();
      lineageDuration = longer(lineageDuration, rememberDuration);
    }
    for (StreamNode<?> dep : dependencies()) {
      dep.initialize(zero);
    }
  }

  /** Checks the node's configuration at start; throws IllegalArgumentException naming the node. */
  public void validateAtStart() {
    Duration slide = slideDuration();
    if (slide.toMillis() % graph.batchDuration().toMillis() != 0) {
      throw new IllegalArgumentException(
          uid() + ": slide duration " + slide + " is not a multiple of the batch interval "
              + graph.batchDuration());
    }
  }

  /** Forgets batches older than {@code time - rememberDuration}; releases their resources. */
  public synchronized void clearMetadata(Time time) {
    Time threshold = time.minus(rememberDuration);
    Map<Time, Batch<T>> old = generated.headMap(threshold, true);
    for (Map.Entry<Time, Batch<T>> e : old.entrySet()) {
      release(e.getKey(), e.getValue());
    }
    old.clear();
    for (StreamNode<?> dep : dependencies()) {
      dep.clearMetadata(time);
    }
  }

  /** Releases what the forgotten batch of {@code time} held (read views, buffers). */
  protected void release(Time time, Batch<T> batch) {}

  /** Opens resources (state stores, sources) at context start. */
  public void start() {}

  /** Releases resources at context stop; idempotent. */
  public synchronized void stop() {
    for (Map.Entry<Time, Batch<T>> e : generated.entrySet()) {
      release(e.getKey(), e.getValue());
    }
    generated.clear();
  }

  @Override
  public String toString() {
    return uid();
  }
}

package io.tidemark.checkpoint;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exclusive right of one process to write a checkpoint directory, and that run's
 * <em>epoch</em>.
 *
 * <p>Files: {@code <checkpoint>/owner} holds the current owner ({@link OwnerInfo}, rewritten by a
 * heartbeat every {@link CheckpointOptions#heartbeatInterval()}); {@code
 * <checkpoint>/epochs/epoch-<n>} is the claim of epoch {@code n}, created exclusively (a hard
 * link on local disk, a non-overwriting rename on HDFS), so two processes taking over at once
 * cannot get the same epoch, and the epoch never goes back even if {@code owner} is lost. The
 * three newest claims are kept.
 *
 * <p>Acquiring: the newest owner record (of {@code owner} and the newest claim) is alive if it
 * was not released and (same host) its pid runs with the same process start time, or (another
 * host) its heartbeat is younger than {@link CheckpointOptions#leaseTimeout()} (the clocks of
 * the hosts must roughly agree). A live owner is refused with {@link CheckpointOwnedException};
 * otherwise the new epoch is the highest known plus one.
 *
 * <p>Fencing: the heartbeat reads {@code owner} before rewriting it; if another epoch is there,
 * the lease is <em>lost</em> and {@link #checkOwned()} throws {@link LostException}, which the
 * writers call before publishing. This narrows the window in which a zombie can publish but
 * cannot close it (the zombie may be paused between check and write); what closes it is the
 * readers' epoch rule ({@link VersionedName}). On object stores the exclusive claim is a
 * check-then-write, so two writers starting within the same instant may both succeed there.
 *
 * <p>Thread-safe. {@link #close()} stops the heartbeat and marks the owner record released; it
 * is idempotent.
 */
public final class CheckpointLease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointLease.class);
  static final String OWNER_FILE = "owner";
  static final String EPOCHS_DIRECTORY = "epochs";
  private static final Pattern CLAIM = Pattern.compile("epoch-(\\d{1,19})");
  private static final int CLAIMS_KEPT = 3;

  /** Thrown by {@link #checkOwned()} after another writer took the directory over. */
  public static final class LostException extends CheckpointException {
    private static final long serialVersionUID = 1L;

    LostException(String message) {
      super(message);
    }
  }

  private final CheckpointStorage storage;
  private final Path ownerFile;
  private final CheckpointOptions options;
  private final ScheduledExecutorService heartbeat;
  private volatile OwnerInfo self;
  private volatile String lostReason;
  private volatile boolean closed; // set under this

  private CheckpointLease(CheckpointStorage storage, OwnerInfo self, CheckpointOptions options) {
    this.storage = storage;
    this.ownerFile = new Path(storage.root(), OWNER_FILE);
    this.self = self;
    this.options = options;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tidemark-checkpoint-lease[" + storage.root() + "]");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Acquires the directory for this process with a new epoch and starts the heartbeat.
   *
   * @throws CheckpointOwnedException if a live process owns it, naming that process
   * @throws CheckpointException if the storage fails
   */
  static CheckpointLease acquire(CheckpointStorage storage, CheckpointOptions options,
      Clock clock) {
    Path root = storage.root();
    try {
      storage.mkdirs(new Path(root, EPOCHS_DIRECTORY));
      Optional<OwnerInfo> current = newestOwnerRecord(storage, options);
      long highestClaim = highestClaim(storage);
      if (current.isPresent() && !current.get().released()
          && isAlive(current.get(), clock, options.leaseTimeout())) {
        throw new CheckpointOwnedException("checkpoint directory " + root + " is owned by a "
            + "live process (" + current.get().describe() + "); stop it first, or wait "
            + options.leaseTimeout() + " after its last heartbeat if it ran on another host",
            current.get());
      }
      long epoch = Math.max(highestClaim, current.map(OwnerInfo::epoch).orElse(0L)) + 1;
      ProcessHandle me = ProcessHandle.current();
      Instant now = clock.instant();
      OwnerInfo self = new OwnerInfo(epoch, localHost(), me.pid(),
          me.info().startInstant().orElse(Instant.EPOCH), now, now, false);
      Path claim = new Path(new Path(root, EPOCHS_DIRECTORY), "epoch-" + epoch);
      if (!storage.createExclusively(claim, self.encode())) {
        OwnerInfo winner = readOwner(storage, claim, options).orElse(self);
        throw new CheckpointOwnedException("checkpoint directory " + root + ": another process "
            + "claimed epoch " + epoch + " at the same time (" + winner.describe() + ")", winner);
      }
      storage.publish(new Path(root, OWNER_FILE), self.encode());
      if (current.isPresent()) {
        LOG.info("took over checkpoint directory {} with epoch {} from {}{}", root, epoch,
            current.get().describe(), current.get().released() ? " (released)" : " (dead)");
      } else {
        LOG.info("acquired checkpoint directory {} with epoch {}", root, epoch);
      }
      deleteOldClaims(storage, epoch);
      CheckpointLease lease = new CheckpointLease(storage, self, options);
      long period = options.heartbeatInterval().toMillis();
      lease.heartbeat.scheduleWithFixedDelay(() -> lease.beat(clock), period, period,
          TimeUnit.MILLISECONDS);
      return lease;
    } catch (IOException e) {
      throw new CheckpointException("cannot acquire checkpoint directory " + root + ": " + e, e);
    }
  }

  /** The current owner record of the directory, if any can be read. */
  static Optional<OwnerInfo> newestOwnerRecord(CheckpointStorage storage,
      CheckpointOptions options) throws IOException {
    Path root = storage.root();
    Optional<OwnerInfo> owner = readOwner(storage, new Path(root, OWNER_FILE), options);
    long highestClaim = highestClaim(storage);
    if (highestClaim > owner.map(OwnerInfo::epoch).orElse(0L)) {
      // A claimant that died (or is still starting) before writing the owner file.
      Optional<OwnerInfo> claim = readOwner(storage,
          new Path(new Path(root, EPOCHS_DIRECTORY), "epoch-" + highestClaim), options);
      if (claim.isPresent()) {
        return claim;
      }
    }
    return owner;
  }

  private static Optional<OwnerInfo> readOwner(CheckpointStorage storage, Path file,
      CheckpointOptions options) throws IOException {
    try {
      return Optional.of(OwnerInfo.decode(file.toString(),
          storage.readSmallFile(file, options.maxSmallFileBytes())));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (CorruptCheckpointFileException e) {
      LOG.warn("ignoring unreadable owner record {}: {}", e.file(), e.reason());
      return Optional.empty();
    }
  }

  private static long highestClaim(CheckpointStorage storage) throws IOException {
    long highest = 0;
    for (StoredFile file : storage.listFiles(new Path(storage.root(), EPOCHS_DIRECTORY))) {
      Matcher m = CLAIM.matcher(file.name());
      if (m.matches()) {
        highest = Math.max(highest, Long.parseLong(m.group(1)));
      }
    }
    return highest;
  }

  private static void deleteOldClaims(CheckpointStorage storage, long epoch) {
    try {
      List<Path> old = new ArrayList<>();
      for (StoredFile file : storage.listFiles(new Path(storage.root(), EPOCHS_DIRECTORY))) {
        Matcher m = CLAIM.matcher(file.name());
        if (m.matches() && Long.parseLong(m.group(1)) <= epoch - CLAIMS_KEPT) {
          old.add(file.path());
        }
      }
      old.sort(Comparator.naturalOrder());
      for (Path path : old) {
        storage.delete(path);
      }
    } catch (IOException e) {
      LOG.debug("cannot delete old epoch claims: {}", e.toString());
    }
  }

  /** Whether the owner described by {@code info} is alive (see the class comment). */
  static boolean isAlive(OwnerInfo info, Clock clock, Duration leaseTimeout) {
    if (info.host().equals(localHost())) {
      Optional<ProcessHandle> process = ProcessHandle.of(info.pid());
      if (process.isEmpty() || !process.get().isAlive()) {
        return false;
      }
      // A recycled pid belongs to another process, started at another time.
      Optional<Instant> start = process.get().info().startInstant();
      return start.isEmpty() || info.processStart().equals(Instant.EPOCH)
          || Duration.between(start.get(), info.processStart()).abs().toMillis() < 2000;
    }
    return Duration.between(info.heartbeat(), clock.instant()).compareTo(leaseTimeout) < 0;
  }

  static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String env = System.getenv("HOSTNAME");
      return env == null ? "localhost" : env;
    }
  }

  /** Runs one heartbeat now (tests; the scheduled heartbeat does the same). */
  void heartbeatNow() {
    beat(Clock.systemUTC());
  }

  private void beat(Clock clock) {
    try {
      synchronized (this) {
        if (closed || lostReason != null) {
          return;
        }
        Optional<OwnerInfo> owner = readOwner(storage, ownerFile, options);
        if (owner.isPresent() && owner.get().epoch() != self.epoch()) {
          lostReason = "checkpoint directory " + storage.root() + " was taken over by "
              + owner.get().describe() + "; this writer (epoch " + self.epoch()
              + ") must stop";
          LOG.error(lostReason);
          return;
        }
        self = self.withHeartbeat(clock.instant());
        storage.publish(ownerFile, self.encode());
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("heartbeat of checkpoint directory {} failed (will retry): {}", storage.root(),
          e.toString());
    }
  }

  /** This run's epoch, {@code >= 1}; every file the run writes carries it. */
  public long epoch() {
    return self.epoch();
  }

  /** This process's owner record as last written. */
  public OwnerInfo owner() {
    return self;
  }

  /**
   * Throws if the lease was lost (another writer took the directory over) or closed.
   *
   * @throws LostException if lost or closed
   */
  public void checkOwned() {
    String reason = lostReason;
    if (reason != null) {
      throw new LostException(reason);
    }
    {
      if (closed) {
        throw new LostException("the lease of " + storage.root() + " (epoch " + self.epoch()
            + ") is closed");
      }
    }
  }

  /**
   * Stops the heartbeat and, if this process still owns the directory, marks the owner record
   * released so the next writer takes over at once. Idempotent; never throws for storage
   * failures (they are logged: the next writer then waits for the pid check or the timeout).
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    heartbeat.shutdownNow();
    try {
      heartbeat.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (lostReason != null) {
      return;
    }
    try {
      Optional<OwnerInfo> owner = readOwner(storage, ownerFile, options);
      if (owner.isEmpty() || owner.get().epoch() == self.epoch()) {
        storage.publish(ownerFile, self.asReleased(Instant.now()).encode());
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot release checkpoint directory {}: {}", storage.root(), e.toString());
    }
  }
}

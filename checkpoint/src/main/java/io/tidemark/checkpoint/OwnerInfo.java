package io.tidemark.checkpoint;

import java.time.Instant;
import java.util.Objects;

/**
 * Who owns (or owned) a checkpoint directory: the content of {@code <checkpoint>/owner} and of
 * each {@code <checkpoint>/epochs/epoch-<n>} claim.
 *
 * <p>Immutable and thread-safe.
 *
 * @param epoch the owner's epoch, {@code >= 1}
 * @param host the owner's host name; never {@code null}
 * @param pid the owner's process id
 * @param processStart when the owner's process started; never {@code null}
 * @param acquiredAt when the owner acquired the directory; never {@code null}
 * @param heartbeat the owner's last heartbeat (its own clock); never {@code null}
 * @param released whether the owner closed its lease cleanly
 */
public record OwnerInfo(long epoch, String host, long pid, Instant processStart,
    Instant acquiredAt, Instant heartbeat, boolean released) {

  /** @throws NullPointerException if a reference is {@code null} */
  public OwnerInfo {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(processStart, "processStart");
    Objects.requireNonNull(acquiredAt, "acquiredAt");
    Objects.requireNonNull(heartbeat, "heartbeat");
  }

  /** "host H, pid P, started T, epoch E", for messages. */
  public String describe() {
    return "host " + host + ", pid " + pid + ", started " + processStart + ", epoch " + epoch
        + ", last heartbeat " + heartbeat;
  }

  /** Magic {@code "TMOW"}, format 1: epoch, host, pid, and the instants as epoch ms. */
  static final int FORMAT_VERSION = 1;

  byte[] encode() {
    return Envelope.wrap(Envelope.OWNER_MAGIC, FORMAT_VERSION, new PayloadWriter()
        .writeLong(epoch).writeString(host).writeLong(pid)
        .writeLong(processStart.toEpochMilli()).writeLong(acquiredAt.toEpochMilli())
        .writeLong(heartbeat.toEpochMilli()).writeBoolean(released).toByteArray());
  }

  static OwnerInfo decode(String file, byte[] bytes) {
    Envelope.Contents contents = Envelope.unwrap(file, bytes, Envelope.OWNER_MAGIC,
        FORMAT_VERSION, "owner");
    PayloadReader in = new PayloadReader(file, contents.payload());
    OwnerInfo info = new OwnerInfo(in.readLong(), in.readString(), in.readLong(),
        Instant.ofEpochMilli(in.readLong()), Instant.ofEpochMilli(in.readLong()),
        Instant.ofEpochMilli(in.readLong()), in.readBoolean());
    in.expectEnd();
    return info;
  }

  OwnerInfo withHeartbeat(Instant at) {
    return new OwnerInfo(epoch, host, pid, processStart, acquiredAt, at, released);
  }

  OwnerInfo asReleased(Instant at) {
    return new OwnerInfo(epoch, host, pid, processStart, acquiredAt, at, true);
  }
}

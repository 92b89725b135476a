package io.tidemark.checkpoint;

/**
 * A writer was refused a checkpoint directory because a live process owns it (or claimed it at
 * the same moment). The message names the owner: host, pid, process start time and epoch.
 */
public class CheckpointOwnedException extends CheckpointException {
  private static final long serialVersionUID = 1L;
  private final transient OwnerInfo owner;

  /**
   * @param message names the directory and the owner
   * @param owner the owner; never {@code null}
   */
  public CheckpointOwnedException(String message, OwnerInfo owner) {
    super(message);
    this.owner = owner;
  }

  /** The live owner. */
  public OwnerInfo owner() {
    return owner;
  }
}

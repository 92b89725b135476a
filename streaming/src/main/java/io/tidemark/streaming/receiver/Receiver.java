package io.tidemark.streaming.receiver;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A long-running source of records, as Spark's {@code Receiver}: {@link #onStart()} starts the
 * threads that receive data and returns at once; they call {@link #store} for each record (or
 * block of records) until {@link #isStopped()}; {@link #onStop()} releases what
 * {@code onStart} acquired. On an error a receiver calls {@link #restart}: the supervisor stops
 * it and starts it again after the restart delay.
 *
 * <p>Records passed to {@code store(record)} are buffered and cut into a block every block
 * interval ({@code tidemark.streaming.blockInterval}, 200 ms). <b>Without a write-ahead log,
 * buffered and received blocks live only in memory: a crash loses the data received but not
 * yet processed</b>, as in Spark.
 *
 * <p><b>Exactly-once with source positions (beyond Spark's API).</b> A reliable receiver in
 * Spark stores a block, then acknowledges its source; a crash between the two makes the source
 * send the block again, so Spark's reliable receivers are at-least-once. Here a receiver may
 * store the block together with its <i>source position</i> (opaque bytes: an offset, a sequence
 * number) via {@link #store(List, byte[])}: the block and the position become durable in one
 * event of the received block tracker's log. On every (re)start, {@link #storedSourcePosition()}
 * tells {@code onStart} the newest position stored for this stream, so the receiver asks its
 * source to resume right after it, as Flink's sources restore their split offsets and Kafka's
 * transactional producers commit offsets with their output. A crash after {@code store} returns
 * but before the acknowledgement then neither loses nor repeats a record.
 *
 * @param <T> record type
 */
public abstract class Receiver<T> {
  private volatile ReceiverSupervisor<T> supervisor;

  /** Starts receiving; must not block. Called on the supervisor's thread. */
  public abstract void onStart();

  /** Stops receiving and releases resources; called once per {@link #onStart()}. */
  public abstract void onStop();

  /** Stores one record; it goes into the block being built. Thread-safe. */
  public final void store(T record) {
    supervisor().pushSingle(record);
  }

  /**
   * Stores records as one block of their own, returning once the block is stored (with the WAL:
   * durable and logged by the tracker), as Spark's reliable {@code store}: a receiver that then
   * acknowledges its source is at-least-once (a crash in between makes the source resend). Use
   * {@link #store(List, byte[])} for exactly-once.
   */
  public final void store(List<T> records) {
    supervisor().pushBlock(List.copyOf(records));
  }

  /**
   * Stores records as one block of their own together with the source position after the last of
   * them, <b>atomically</b>: after a crash at any instant, either both the block and the position
   * are stored or neither is. Reliable: returns once the block and the position are durable (with
   * the write-ahead log on, {@code tidemark.streaming.receiver.writeAheadLog.enable}: in the
   * receiver WAL and the tracker's log; without it, in memory only), so the receiver may then
   * acknowledge its source. An empty {@code records} list still stores the position.
   *
   * <p>Thread-safe, but positions are "newest" by the order of the blocks' ids, which follows the
   * order of these calls: a receiver with several threads storing positions should serialise its
   * calls (one thread per source is the usual shape).
   *
   * @param records the block's records, in arrival order (copied)
   * @param sourcePosition opaque bytes naming where the source is after {@code records}, at most
   *     {@link StoredSourcePosition#MAX_BYTES} (4 KiB; copied); an encoding the receiver chooses,
   *     e.g. an 8-byte big-endian sequence number
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the position is longer than 4 KiB
   * @throws IllegalStateException if the receiver is stopped or not attached to a running context
   * @throws io.tidemark.wal.WalException if the write-ahead log fails (the block may or may not be
   *     stored: {@link #storedSourcePosition()} after the restart tells)
   */
  public final void store(List<T> records, byte[] sourcePosition) {
    StoredSourcePosition.checkLength(sourcePosition);
    supervisor().pushBlock(List.copyOf(records), sourcePosition.clone());
  }

  /**
   * The source position stored (by {@link #store(List, byte[])}) with the newest block of this
   * receiver's stream that carried one, or empty if none was ever stored. Meant for
   * {@code onStart()}: a receiver resumes its source right after this position. With the
   * write-ahead log on it includes positions stored before a restart of the process from the
   * same checkpoint directory, also once their batches were processed and their logs cleaned up;
   * without it, only positions stored by this process (earlier blocks were lost with the earlier
   * process). After a restart of the receiver within the process ({@link #restart}), it includes
   * every block the previous start stored: the supervisor waits for those stores to finish
   * before starting the receiver again. Thread-safe; returns a copy.
   *
   * @throws IllegalStateException if the receiver is not attached to a running context
   */
  public final Optional<byte[]> storedSourcePosition() {
    return supervisor().storedSourcePosition();
  }

  /** Stores the iterator's records as one block of their own. */
  public final void store(Iterator<T> records) {
    List<T> list = new java.util.ArrayList<>();
    records.forEachRemaining(list::add);
    supervisor().pushBlock(list);
  }

  /** Asks the supervisor to stop this receiver and start it again after the restart delay. */
  public final void restart(String message, Throwable error) {
    supervisor().restartReceiver(message, error);
  }

  /** Reports an error without restarting (it is logged and shown to listeners). */
  public final void reportError(String message, Throwable error) {
    supervisor().reportError(message, error);
  }

  /** Stops this receiver for good. */
  public final void stop(String message) {
    supervisor().stopReceiver(message, null);
  }

  /** Whether the receiver was stopped (threads started by onStart should then end). */
  public final boolean isStopped() {
    ReceiverSupervisor<T> s = supervisor;
    return s == null || !s.isReceiverStarted();
  }

  /** Whether the receiver is running. */
  public final boolean isStarted() {
    return !isStopped();
  }

  final void attach(ReceiverSupervisor<T> s) {
    this.supervisor = s;
  }

  private ReceiverSupervisor<T> supervisor() {
    ReceiverSupervisor<T> s = supervisor;
    if (s == null) {
      throw new IllegalStateException("the receiver is not attached to a running StreamingContext");
    }
    return s;
  }
}

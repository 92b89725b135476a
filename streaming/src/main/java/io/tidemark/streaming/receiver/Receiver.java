package io.tidemark.streaming.receiver;

import java.util.Iterator;
import java.util.List;

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

  /** Stores records as one block of their own, returning once the block is stored. */
  public final void store(List<T> records) {
    supervisor().pushBlock(List.copyOf(records));
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

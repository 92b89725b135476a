package io.tidemark.cli.flights;

import io.tidemark.streaming.source.ReplayCursor;
import java.io.IOException;

/**
 * Base of the flights cursors: tracks the position, makes {@link #close()} idempotent, wraps
 * read errors with the input's description, and seeks by reading ahead. Not thread-safe.
 */
abstract class FlightCursor implements ReplayCursor<FlightRecord> {

  protected final String description;
  protected long position;
  private boolean ended;
  private boolean closed;

  FlightCursor(String description) {
    this.description = description;
  }

  @Override
  public final long position() {
    return position;
  }

  @Override
  public final FlightRecord next() throws IOException {
    return advance(this::read);
  }

  /** What {@link #advance} calls to read the record at {@link #position}: null at the end. */
  @FunctionalInterface
  protected interface RecordRead<R> {
    R read() throws IOException;
  }

  /**
   * Reads the record at {@link #position} with {@code read} and advances, or returns null at the
   * end (and closes the cursor); a read error names the input and the record.
   */
  protected final <R> R advance(RecordRead<R> read) throws IOException {
    if (ended) {
      return null;
    }
    if (closed) {
      throw new IOException(description + ": cursor is closed");
    }
    R r;
    try {
      r = read.read();
    } catch (IOException e) {
      throw new IOException(description + ": read failed at record " + position + ": " + e, e);
    } catch (RuntimeException e) {
      // a decoder failing on corrupt bytes (e.g. Parquet's ParquetDecodingException)
      throw new IOException(description + ": cannot decode record " + position + ": " + e, e);
    }
    if (r == null) {
      ended = true;
      closeQuietly();
      return null;
    }
    position++;
    return r;
  }

  /** Reads records until {@link #position()} is {@code offset} or the input ends. */
  void skipTo(long offset) throws IOException {
    while (position < offset && next() != null) {
      // read and drop
    }
  }

  /** Reads the record at {@link #position}, or returns null at the end. */
  protected abstract FlightRecord read() throws IOException;

  protected abstract void closeResources() throws IOException;

  /** Opens a cursor and seeks it, closing it if seeking fails. */
  static <C extends FlightCursor> C seek(C cursor, long offset) throws IOException {
    try {
      cursor.skipTo(offset);
      return cursor;
    } catch (IOException | RuntimeException e) {
      cursor.closeQuietly();
      throw e;
    }
  }

  @Override
  public final void close() throws IOException {
    if (!closed) {
      closed = true;
      ended = true;
      closeResources();
    }
  }

  final void closeQuietly() {
    try {
      close();
    } catch (IOException ignored) {
      // nothing useful to do at the end of input
    }
  }

  static void checkOffset(long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset < 0: " + offset);
    }
  }
}

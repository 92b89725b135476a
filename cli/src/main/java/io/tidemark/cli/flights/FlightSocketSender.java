package io.tidemark.cli.flights;

import io.tidemark.streaming.source.ReplayCursor;
import io.tidemark.streaming.source.ReplayInput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a flights input to a {@link FlightSocketReceiver} over loopback TCP
 * ({@link FlightSocketProtocol}), like a source that only advances past what its consumer
 * acknowledged: it numbers the input's records from 0, keeps every record it sent that is not
 * acknowledged, and on each new connection sends from the receiver's {@code FROM} on (records
 * below it count as acknowledged), then {@code END <total>} after the last record. One
 * connection at a time: a new one replaces the old (a restarted job reconnecting). At most
 * {@code window} records are unacknowledged; the sender then waits for {@code ACK}s.
 *
 * <p>A {@code FROM} below what was already acknowledged is refused with {@code ERROR} (those
 * records are forgotten: resuming there would mean the job lost them). Thread-safe; {@link
 * #close()} stops it.
 */
public final class FlightSocketSender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FlightSocketSender.class);
  /** Records written between flushes. */
  private static final int FLUSH_EVERY = 256;

  private final ReplayInput<FlightRecord> input;
  private final int window;
  private final ServerSocket server;
  private final Thread acceptor;

  // guarded by this
  private ReplayCursor<FlightRecord> cursor;
  private final ArrayDeque<String> pending = new ArrayDeque<>();
  /** Sequence number of pending's first line: everything below it is acknowledged. */
  private long firstPending;
  /** Sequence number of the next record read from the input. */
  private long nextRead;
  /** Records in the input once it was read to its end, else -1. */
  private long total = -1;
  private Socket connection;
  private Thread writer;
  /** Connections that sent a FROM the sender accepted. */
  private long resumes;
  private boolean closed;

  private FlightSocketSender(ReplayInput<FlightRecord> input, int port, int window) throws IOException {
    if (window < 1) {
      throw new IllegalArgumentException("window must be >= 1, got " + window);
    }
    this.input = input;
    this.window = window;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    this.acceptor = new Thread(this::acceptLoop, "tidemark-flight-sender-" + server.getLocalPort());
    acceptor.setDaemon(true);
  }

  /**
   * Listens on loopback {@code port} (0: any free port) and serves {@code input}.
   *
   * @param window most records sent and not yet acknowledged
   * @throws IOException if the port cannot be bound
   */
  public static FlightSocketSender start(ReplayInput<FlightRecord> input, int port, int window) throws IOException {
    FlightSocketSender sender = new FlightSocketSender(input, port, window);
    sender.acceptor.start();
    return sender;
  }

  /** The port it listens on. */
  public int port() {
    return server.getLocalPort();
  }

  /** The highest sequence number acknowledged (every record up to it), or -1. */
  public synchronized long acknowledged() {
    return firstPending - 1;
  }

  /** How many connections resumed (sent a FROM the sender accepted) so far. */
  public synchronized long resumes() {
    return resumes;
  }

  /**
   * Waits until {@link #resumes()} reaches {@code n}.
   *
   * @return false if {@code timeout} passed first
   */
  public synchronized boolean awaitResumes(long n, Duration timeout) throws InterruptedException {
    return awaitUntil(() -> resumes >= n, timeout);
  }

  /** Records in the input once read to its end, else -1. */
  public synchronized long total() {
    return total;
  }

  /** Whether the input was read to its end and every record acknowledged. */
  public synchronized boolean isFullyAcknowledged() {
    return total >= 0 && firstPending == total;
  }

  /**
   * Waits until {@link #isFullyAcknowledged()}.
   *
   * @return false if {@code timeout} passed first
   */
  public synchronized boolean awaitFullyAcknowledged(Duration timeout) throws InterruptedException {
    return awaitUntil(this::isFullyAcknowledged, timeout);
  }

  private synchronized boolean awaitUntil(java.util.function.BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  private void acceptLoop() {
    while (true) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        if (!isClosed()) {
          LOG.warn("flights sender on port {} stops accepting: {}", port(), e.toString());
        }
        return;
      }
      Thread previous;
      synchronized (this) {
        if (closed) {
          closeQuietly(s);
          return;
        }
        closeQuietly(connection); // a reconnecting receiver replaces the old connection
        previous = writer;
      }
      joinQuietly(previous);
      Thread t = new Thread(() -> serve(s), "tidemark-flight-sender-conn-" + s.getPort());
      t.setDaemon(true);
      synchronized (this) {
        connection = s;
        writer = t;
      }
      t.start();
    }
  }

  private void serve(Socket s) {
    String peer = "receiver " + s.getRemoteSocketAddress();
    try {
      Writer out = new BufferedWriter(new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8), 64 << 10);
      LineReader in = new LineReader(s.getInputStream(), 256, 200);
      if (!in.next()) {
        return;
      }
      long from = FlightSocketProtocol.argumentOf(in.lineText(200), FlightSocketProtocol.FROM, peer);
      if (from < 0) {
        throw new IllegalArgumentException(peer + ": expected FROM <n>, got '" + in.lineText(200) + "'");
      }
      List<String> resend;
      try {
        resend = resume(from);
      } catch (IllegalArgumentException refused) {
        LOG.warn("flights sender refuses {}: {}", peer, refused.getMessage());
        out.write(FlightSocketProtocol.ERROR + " " + refused.getMessage() + "\n");
        out.flush();
        return;
      }
      LOG.info("flights sender: {} resumes from record {}", peer, from);
      Thread acks = new Thread(() -> readAcks(in, s, peer), "tidemark-flight-sender-acks-" + s.getPort());
      acks.setDaemon(true);
      acks.start();
      long seq = from;
      for (String line : resend) {
        out.write(FlightSocketProtocol.recordLine(seq++, line));
        out.write('\n');
      }
      out.flush();
      List<String> fresh = new ArrayList<>(FLUSH_EVERY);
      while (true) {
        long first = readMore(fresh, s);
        if (first < 0) {
          break;
        }
        for (String line : fresh) {
          out.write(FlightSocketProtocol.recordLine(first++, line));
          out.write('\n');
        }
        out.flush();
      }
      long end = total();
      if (end >= 0) {
        out.write(FlightSocketProtocol.command(FlightSocketProtocol.END, end) + "\n");
        out.flush();
      }
      acks.join(); // the connection stays open until the receiver (or a new connection) closes it
    } catch (IOException | IllegalArgumentException e) {
      if (!s.isClosed()) {
        LOG.warn("flights sender: connection to {} failed: {}", peer, e.toString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(s);
    }
  }

  /** Treats everything below {@code from} as acknowledged; returns the pending lines from it on. */
  private synchronized List<String> resume(long from) {
    if (from < firstPending) {
      throw new IllegalArgumentException("FROM " + from + " but every record below " + firstPending
          + " was acknowledged and forgotten");
    }
    acknowledge(Math.min(from, nextRead) - 1);
    while (nextRead < from) {
      if (readRecord() == null) {
        throw new IllegalArgumentException("FROM " + from + " but the input has only " + nextRead + " records");
      }
      pending.removeFirst();
      firstPending++;
    }
    resumes++;
    notifyAll();
    return new ArrayList<>(pending);
  }

  /**
   * Reads up to {@link #FLUSH_EVERY} new records into {@code out} once the window has room;
   * returns the sequence number of the first, or -1 at the end of the input or when the
   * connection is gone.
   */
  private synchronized long readMore(List<String> out, Socket s) throws InterruptedException {
    out.clear();
    while (pending.size() >= window && !s.isClosed() && !closed) {
      wait(100);
    }
    if (s.isClosed() || closed) {
      return -1;
    }
    long first = nextRead;
    while (out.size() < FLUSH_EVERY && pending.size() < window) {
      String line = readRecord();
      if (line == null) {
        break;
      }
      out.add(line);
    }
    return out.isEmpty() ? -1 : first;
  }

  /** Reads the next record into pending; null at the end of the input (total is then set). */
  private String readRecord() {
    if (total >= 0) {
      return null;
    }
    try {
      if (cursor == null) {
        cursor = input.openAt(0);
      }
      FlightRecord r = cursor.next();
      if (r == null) {
        total = nextRead;
        cursor.close();
        notifyAll();
        return null;
      }
      String line = FlightLines.render(r);
      pending.addLast(line);
      nextRead++;
      return line;
    } catch (IOException e) {
      throw new UncheckedIOException(input.description() + ": read failed at record " + nextRead, e);
    }
  }

  private void readAcks(LineReader in, Socket s, String peer) {
    try {
      while (in.next()) {
        String line = in.lineText(200);
        long acked = FlightSocketProtocol.argumentOf(line, FlightSocketProtocol.ACK, peer);
        if (acked < 0) {
          throw new IllegalArgumentException(peer + ": expected ACK <seq>, got '" + line + "'");
        }
        synchronized (this) {
          if (acked >= nextRead) {
            throw new IllegalArgumentException(peer + ": ACK " + acked + " but only " + nextRead + " records were sent");
          }
          acknowledge(acked);
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      if (!s.isClosed()) {
        LOG.warn("flights sender: reading acknowledgements from {} failed: {}", peer, e.toString());
      }
    } finally {
      closeQuietly(s); // also wakes the writer
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** Forgets every pending line up to {@code seq}. */
  private void acknowledge(long seq) {
    while (firstPending <= seq && !pending.isEmpty()) {
      pending.removeFirst();
      firstPending++;
    }
    notifyAll();
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  /** Stops listening and closes the connection. Idempotent. */
  @Override
  public void close() {
    Thread w;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      closeQuietly(connection);
      w = writer;
      notifyAll();
    }
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    joinQuietly(acceptor);
    joinQuietly(w);
    synchronized (this) {
      if (cursor != null) {
        try {
          cursor.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
    }
  }

  private static void closeQuietly(Socket s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  private static void joinQuietly(Thread t) {
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    try {
      t.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

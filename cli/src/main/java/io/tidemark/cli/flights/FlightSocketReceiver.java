package io.tidemark.cli.flights;

import io.tidemark.streaming.receiver.Receiver;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A reliable, exactly-once receiver of flight record lines from a {@link FlightSocketSender}
 * ({@link FlightSocketProtocol}): on every start it connects to {@code host:port} and sends
 * {@code FROM <n>}, where {@code n} is one past the sequence number it stored last
 * ({@link #storedSourcePosition()}, 8 bytes big-endian), or 0; it cuts the record lines into
 * blocks of at most {@code blockRecords} lines, or earlier once the block's first line is
 * {@code blockInterval} old when the next line arrives, or at {@code END}; it stores each block
 * with its last sequence number as the source position ({@link #store(List, byte[])}: block and
 * position durable together) and only then sends {@code ACK <seq>}.
 *
 * <p>The records it stores are the record lines themselves ({@code <seq>\t<record>}, Strings);
 * {@link #parse} turns them into {@link FlightRecord}s, a malformed one with its sequence number as
 * offset. A line longer than {@link FlightSocketProtocol#MAX_LINE_BYTES} is stored cut (and is
 * then malformed). On a connection error, a protocol error or the sender closing early, it asks
 * for a restart (reconnecting after the restart delay). After {@code END <total>},
 * {@link #isExhausted()} is true once every record below {@code total} is stored. Thread-safe.
 */
public final class FlightSocketReceiver extends Receiver<String> {
  private final String host;
  private final int port;
  private final int blockRecords;
  private final Duration blockInterval;
  private volatile Socket socket;
  /** The total the sender announced with END, or -1. */
  private volatile long total = -1;

  /**
   * @param blockRecords most record lines per block ({@code >= 1})
   * @param blockInterval a block is cut when a line arrives this long after its first line
   */
  public FlightSocketReceiver(String host, int port, int blockRecords, Duration blockInterval) {
    if (blockRecords < 1) {
      throw new IllegalArgumentException("blockRecords must be >= 1, got " + blockRecords);
    }
    this.host = host;
    this.port = port;
    this.blockRecords = blockRecords;
    this.blockInterval = blockInterval;
  }

  /** Parses stored record lines into flight records (a new parser per call: one per task). */
  public static List<FlightRecord> parse(List<String> recordLines) {
    FlightLines lines = new FlightLines();
    List<FlightRecord> out = new ArrayList<>(recordLines.size());
    for (String line : recordLines) {
      out.add(lines.parse(FlightSocketProtocol.recordOf(line), FlightSocketProtocol.seqOf(line, "stored record")));
    }
    return out;
  }

  /** Whether the sender announced the end and every record before it is stored. */
  public boolean isExhausted() {
    long t = total;
    return t >= 0 && nextToStore() >= t;
  }

  private long nextToStore() {
    return storedSourcePosition().map(b -> ByteBuffer.wrap(b).getLong() + 1).orElse(0L);
  }

  @Override
  public void onStart() {
    long from = nextToStore();
    Thread t = new Thread(() -> receive(from), "tidemark-flight-receiver-" + host + ":" + port);
    t.setDaemon(true);
    t.start();
  }

  private void receive(long from) {
    String where = "flights sender at " + host + ":" + port;
    try (Socket s = new Socket()) {
      socket = s;
      s.connect(new InetSocketAddress(host, port), 10_000);
      Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
      send(out, FlightSocketProtocol.command(FlightSocketProtocol.FROM, from));
      LineReader in = new LineReader(s.getInputStream(), 64 << 10,
          FlightSocketProtocol.MAX_LINE_BYTES);
      long next = from;
      List<String> block = new ArrayList<>(blockRecords);
      long blockStartNanos = 0;
      while (!isStopped() && in.next()) {
        String line = in.lineText(FlightSocketProtocol.MAX_LINE_BYTES);
        long end = FlightSocketProtocol.argumentOf(line, FlightSocketProtocol.END, where);
        if (end >= 0) {
          next = storeAndAck(block, next, out);
          if (end != next) {
            throw new IllegalArgumentException(where + " announced END " + end + " but the next record to store is " + next);
          }
          total = end;
          continue; // stay connected until the sender or a stop closes the connection
        }
        if (line.startsWith(FlightSocketProtocol.ERROR + " ")) {
          throw new IllegalArgumentException(where + " refused: " + line.substring(FlightSocketProtocol.ERROR.length() + 1));
        }
        long seq = FlightSocketProtocol.seqOf(line, where);
        if (seq != next + block.size()) {
          throw new IllegalArgumentException(where + " sent record " + seq + " where " + (next + block.size())
              + " was expected");
        }
        if (block.isEmpty()) {
          blockStartNanos = System.nanoTime();
        }
        block.add(line);
        if (block.size() >= blockRecords || System.nanoTime() - blockStartNanos >= blockInterval.toNanos()) {
          next = storeAndAck(block, next, out);
        }
      }
      if (!isStopped()) {
        restart(where + " closed the connection", null);
      }
    } catch (IOException | RuntimeException e) {
      if (!isStopped()) {
        restart("receiving from " + where + " failed: " + e.getMessage(), e);
      }
    } finally {
      socket = null;
    }
  }

  /** Stores the block with its last seq as position, acknowledges it, clears it; returns the next seq. */
  private long storeAndAck(List<String> block, long next, Writer out) throws IOException {
    if (block.isEmpty()) {
      return next;
    }
    long last = next + block.size() - 1;
    store(block, ByteBuffer.allocate(Long.BYTES).putLong(last).array());
    block.clear();
    send(out, FlightSocketProtocol.command(FlightSocketProtocol.ACK, last));
    return last + 1;
  }

  private static void send(Writer out, String line) throws IOException {
    out.write(line);
    out.write('\n');
    out.flush();
  }

  @Override
  public void onStop() {
    Socket s = socket;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing to unblock the reader; nothing else to do
      }
    }
  }
}

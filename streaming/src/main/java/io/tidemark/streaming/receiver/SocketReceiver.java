package io.tidemark.streaming.receiver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Receives UTF-8 lines from a TCP server, as Spark's {@code socketTextStream}: connects to
 * {@code host:port}, stores every line, and restarts (reconnects after the restart delay) when
 * the connection fails or the server closes it. Unreliable: lines buffered when the process
 * dies are lost.
 */
public final class SocketReceiver extends Receiver<String> {
  private final String host;
  private final int port;
  private volatile Socket socket;

  public SocketReceiver(String host, int port) {
    this.host = host;
    this.port = port;
  }

  @Override
  public void onStart() {
    Thread t = new Thread(this::receive, "tidemark-socket-receiver-" + host + ":" + port);
    t.setDaemon(true);
    t.start();
  }

  private void receive() {
    try (Socket s = new Socket()) {
      socket = s;
      s.connect(new InetSocketAddress(host, port), 10_000);
      BufferedReader reader = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while (!isStopped() && (line = reader.readLine()) != null) {
        store(line);
      }
      if (!isStopped()) {
        restart("the server at " + host + ":" + port + " closed the connection", null);
      }
    } catch (IOException e) {
      if (!isStopped()) {
        restart("error receiving from " + host + ":" + port + ": " + e.getMessage(), e);
      }
    }
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

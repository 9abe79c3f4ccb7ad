package io.github.otpkit.totp.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on 127.0.0.1 that a test can cut (every open connection is dropped and new ones
 * are refused, as when a database server goes down) and restore on the same port, or stall (every
 * connection stays open but no byte is forwarded any more, as when a network path or a server
 * hangs). The database itself keeps running, so other users of a shared server are not disturbed.
 */
final class TcpProxy implements AutoCloseable {
  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket server;
  private final Object gate = new Object();
  private boolean stalled;

  TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = listen(0);
    this.port = server.getLocalPort();
  }

  int port() {
    return port;
  }

  /**
   * Stops forwarding: open connections and new ones stay open, but nothing reaches the other side
   * until {@link #cut()} drops them.
   */
  void stall() {
    synchronized (gate) {
      stalled = true;
    }
  }

  /** Waits while the proxy is stalled; returns at once otherwise. */
  private void passGate() throws InterruptedException {
    synchronized (gate) {
      while (stalled) {
        gate.wait();
      }
    }
  }

  /** Drops every connection and refuses new ones; ends a stall. */
  synchronized void cut() {
    synchronized (gate) {
      stalled = false;
      gate.notifyAll();
    }
    closeQuietly(server);
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    sockets.clear();
  }

  /** Accepts connections again, on the same port. */
  synchronized void restore() throws IOException {
    if (!server.isClosed()) {
      return;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        server = listen(port);
        return;
      } catch (java.net.BindException e) {
        // A dropped connection may take a moment to release the port.
        if (attempt == 50) {
          throw e;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private ServerSocket listen(int onPort) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
    Thread acceptor = new Thread(() -> accept(s), "tcp-proxy-accept-" + s.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    return s;
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        if (!track(s, client)) {
          continue;
        }
        Socket upstream = new Socket(targetHost, targetPort);
        if (!track(s, upstream)) {
          closeQuietly(client);
          continue;
        }
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // The server socket was closed (cut) or the target refused: stop or try the next client.
      }
    }
  }

  /** Registers a socket unless the proxy was cut meanwhile, in which case it is closed. */
  private synchronized boolean track(ServerSocket listener, Socket socket) {
    if (listener.isClosed()) {
      closeQuietly(socket);
      return false;
    }
    sockets.add(socket);
    return true;
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                  passGate();
                  if (from.isClosed()) {
                    break; // cut while stalled: what was read goes nowhere
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // Connection closed by either side or cut.
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
              }
            },
            "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Already closed.
    }
  }

  @Override
  public void close() {
    cut();
  }
}

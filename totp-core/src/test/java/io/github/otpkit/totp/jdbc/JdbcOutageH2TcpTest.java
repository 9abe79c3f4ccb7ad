package io.github.otpkit.totp.jdbc;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.tools.Server;
import org.jspecify.annotations.Nullable;

/** Outage tests on an H2 server (TCP, file database) in this JVM, cut by a proxy. */
class JdbcOutageH2TcpTest extends JdbcOutageContract {
  private @Nullable Server server;
  private int serverPort;

  @Override
  protected String host() throws Exception {
    if (server == null) {
      Path dir = Files.createTempDirectory("otpkit-h2tcp-");
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        serverPort = probe.getLocalPort();
      }
      server =
          Server.createTcpServer(
                  "-tcpPort",
                  String.valueOf(serverPort),
                  "-baseDir",
                  dir.toString(),
                  "-ifNotExists")
              .start();
    }
    return "127.0.0.1";
  }

  @Override
  protected int port() {
    return serverPort;
  }

  @Override
  protected DataSource dataSourceAt(int port) {
    return new UrlDataSource("jdbc:h2:tcp://127.0.0.1:" + port + "/outage");
  }

  @Override
  protected String connectionLostStates() {
    // 90067: connection is broken; 08001: connection refused (H2 reports both for a dead server).
    return "90067|08001|90028";
  }

  @Override
  protected String prefixBase() {
    return "h2out";
  }

  @Override
  protected void stopDatabase() {
    Server s = server;
    if (s != null) {
      s.stop();
    }
  }
}

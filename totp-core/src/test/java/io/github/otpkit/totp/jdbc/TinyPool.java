package io.github.otpkit.totp.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * A minimal connection pool for tests: at most {@code size} connections, validated on checkout
 * (unless told not to, as a pool skips checking a connection it used a moment ago), returned on
 * {@code close()}. Opening a PostgreSQL connection costs a process fork; reusing them keeps the
 * concurrency tests fast.
 */
final class TinyPool extends ForwardingDataSource implements AutoCloseable {
  private final DataSource target;
  private final Semaphore permits;
  private final LinkedBlockingQueue<Connection> idle = new LinkedBlockingQueue<>();
  private final boolean validate;
  private volatile boolean closed;

  TinyPool(DataSource target, int size) {
    this(target, size, true);
  }

  TinyPool(DataSource target, int size, boolean validate) {
    this.target = target;
    this.permits = new Semaphore(size, true);
    this.validate = validate;
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (closed) {
      throw new SQLException("pool is closed", "08003");
    }
    try {
      if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
        throw new SQLException("no connection within 30 seconds", "08001");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted", "08001", e);
    }
    try {
      Connection real = idle.poll();
      if (real != null && validate && !isUsable(real)) {
        closeQuietly(real);
        real = null;
      }
      if (real == null) {
        real = target.getConnection();
      }
      return lease(real);
    } catch (SQLException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  private static boolean isUsable(Connection c) {
    try {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private Connection lease(Connection real) {
    AtomicBoolean returned = new AtomicBoolean();
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              return switch (method.getName()) {
                case "close" -> {
                  if (returned.compareAndSet(false, true)) {
                    giveBack(real);
                  }
                  yield null;
                }
                case "isClosed" -> returned.get() || real.isClosed();
                case "toString" -> "TinyPool connection";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> {
                  if (returned.get()) {
                    throw new SQLException("connection was returned to the pool", "08003");
                  }
                  try {
                    yield method.invoke(real, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                }
              };
            });
  }

  private void giveBack(Connection real) {
    try {
      if (!closed && !real.isClosed() && real.getAutoCommit()) {
        idle.add(real);
      } else {
        closeQuietly(real);
      }
    } catch (SQLException e) {
      closeQuietly(real);
    } finally {
      permits.release();
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      // Broken connections fail to close; nothing to do.
    }
  }

  /** Closes every idle connection; connections in use are closed when they come back. */
  @Override
  public void close() {
    closed = true;
    for (Connection c = idle.poll(); c != null; c = idle.poll()) {
      closeQuietly(c);
    }
  }
}

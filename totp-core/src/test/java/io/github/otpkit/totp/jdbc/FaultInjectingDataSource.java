package io.github.otpkit.totp.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a data source and counts the operations that reach the database (statement executions and
 * commits) and the connections taken. At the operation numbered {@link #failAt}, it either throws
 * an {@link SQLException} with SQLState 08006 (as a lost connection does) or runs an action first
 * (e.g. cutting the network) and lets the real call fail on its own. With {@link #down} set, no
 * connection can be opened (SQLState 08001).
 */
final class FaultInjectingDataSource extends ForwardingDataSource {
  private static final Set<String> EXECUTIONS =
      Set.of(
          "execute",
          "executeQuery",
          "executeUpdate",
          "executeBatch",
          "executeLargeUpdate",
          "executeLargeBatch");

  private final DataSource target;
  private final AtomicInteger operations = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();
  private final Set<Integer> queryTimeouts = ConcurrentHashMap.newKeySet();
  private final Set<Integer> networkTimeouts = ConcurrentHashMap.newKeySet();
  private volatile int failAt = -1;
  private volatile @Nullable Runnable beforeFailing;
  volatile boolean down;

  FaultInjectingDataSource(DataSource target) {
    this.target = target;
  }

  /** Counts from zero again and fails the {@code n}-th operation from now with SQLState 08006. */
  void failAt(int n) {
    operations.set(0);
    beforeFailing = null;
    failAt = n;
  }

  /** Counts from zero again and runs {@code action} just before the {@code n}-th operation. */
  void runBefore(int n, Runnable action) {
    operations.set(0);
    beforeFailing = action;
    failAt = n;
  }

  /** Counts from zero again without failing. */
  void count() {
    operations.set(0);
    connections.set(0);
    failAt = -1;
  }

  /** Statement executions and commits since the count started. */
  int operations() {
    return operations.get();
  }

  /** The query timeouts (seconds) that statements had when they ran, since the last clear. */
  Set<Integer> queryTimeouts() {
    return Set.copyOf(queryTimeouts);
  }

  /** The network timeouts (ms) that connections had when a statement ran, since the last clear. */
  Set<Integer> networkTimeouts() {
    return Set.copyOf(networkTimeouts);
  }

  void clearTimeouts() {
    queryTimeouts.clear();
    networkTimeouts.clear();
  }

  /** Connections taken since {@link #count()}. */
  int connections() {
    return connections.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (down) {
      throw new SQLException("connection refused (injected)", "08001");
    }
    Connection real = target.getConnection();
    connections.incrementAndGet();
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("commit")) {
                beforeOperation();
              }
              Object result = invoke(method, real, args);
              if (result instanceof Statement statement && method.getReturnType().isInterface()) {
                return wrap(statement, method.getReturnType());
              }
              return result;
            });
  }

  private Object wrap(Statement statement, Class<?> type) {
    return Proxy.newProxyInstance(
        type.getClassLoader(),
        new Class<?>[] {type},
        (proxy, method, args) -> {
          if (EXECUTIONS.contains(method.getName())) {
            queryTimeouts.add(statement.getQueryTimeout());
            networkTimeouts.add(statement.getConnection().getNetworkTimeout());
            beforeOperation();
          }
          return invoke(method, statement, args);
        });
  }

  private void beforeOperation() throws SQLException {
    int n = operations.incrementAndGet();
    if (n == failAt) {
      Runnable action = beforeFailing;
      if (action == null) {
        throw new SQLException("connection lost (injected)", "08006");
      }
      action.run();
    }
  }

  private static @Nullable Object invoke(Method method, Object target, Object @Nullable [] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}

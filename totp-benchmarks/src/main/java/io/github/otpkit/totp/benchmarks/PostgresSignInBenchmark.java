package io.github.otpkit.totp.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.auth.TwoFactorService;
import io.github.otpkit.totp.auth.VerificationResult;
import io.github.otpkit.totp.crypto.EncryptionKey;
import io.github.otpkit.totp.crypto.SecretCipher;
import io.github.otpkit.totp.jdbc.JdbcSchema;
import io.github.otpkit.totp.jdbc.JdbcStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Accepted sign-ins per second through {@link TwoFactorService#verify} on a {@link JdbcStore} on
 * PostgreSQL, with 1 and 8 threads, beside a floor measured in the same run on the same pool: one
 * {@code SELECT} and one {@code UPDATE} by primary key on one connection, the least a sign-in with
 * shared replay protection can cost. With {@code accounts=1000} and {@code accounts=1000000} rows
 * in the tables (each account with a state row and ten recovery codes), to show that a sign-in does
 * not slow down as the tables grow; and {@link TwoFactorService#deleteExpiredEnrollments()} on
 * those tables, which reads the index on the expiry and not the table.
 *
 * <p>That last claim is checked, not only timed: every trial records the statements that {@code
 * deleteExpiredEnrollments()} runs (through a recording {@code DataSource}, so the SQL and the
 * parameters are the store's own) and asks PostgreSQL for their plans with {@code EXPLAIN}. From
 * {@value #INDEX_REQUIRED_FROM} accounts on, a {@code Seq Scan} in any of them fails the trial.
 * When {@value #PLAN_DIRECTORY_VARIABLE} names a directory (run.sh sets it), the plans are written
 * there as {@code deleteExpiredEnrollments-<accounts>.txt} for the report.
 *
 * <p>Needs a PostgreSQL database: the JDBC URL in {@value #URL_VARIABLE} (or, as in CI, {@value
 * #TEST_URL_VARIABLE}); {@code run.sh} leaves this benchmark out when neither is set. The pool is
 * HikariCP with 16 connections. The filler rows are written once, with {@code generate_series},
 * into tables with the prefix {@code otpkit_bench_<accounts>_}, and kept for the next run (about 2
 * GB for a million accounts); drop them with {@code DROP TABLE otpkit_bench_1000000_enrollment,
 * ...}. The {@value #CALLERS} x {@value #PER_CALLER} accounts that sign in are imported again for
 * every trial.
 *
 * <p>Each calling thread owns {@value #PER_CALLER} accounts and walks them step by step ({@code n
 * mod }{@value #PER_CALLER} picks the account, {@code n / }{@value #PER_CALLER} the step), with its
 * own clock, so that every call is a correct code of a step not used before: every call is
 * accepted, one read and one write.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {AverageTimeBenchmark.HEAP_MIN, AverageTimeBenchmark.HEAP_MAX})
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
public class PostgresSignInBenchmark {
  /** The environment variable with the JDBC URL of the benchmark database. */
  static final String URL_VARIABLE = "OTPKIT_BENCH_POSTGRES_URL";

  /** CI's test database, used when {@value #URL_VARIABLE} is not set. */
  static final String TEST_URL_VARIABLE = "OTPKIT_TEST_POSTGRES_URL";

  /** The directory for the housekeeping plans that the report shows; optional. */
  static final String PLAN_DIRECTORY_VARIABLE = "OTPKIT_BENCH_PLAN_DIR";

  /**
   * From this many accounts on, housekeeping must not scan a table: with a thousand rows the
   * planner may rightly prefer a sequential scan, with a million it must use the index.
   */
  static final int INDEX_REQUIRED_FROM = 100_000;

  /** The most threads of a case: each owns its accounts. */
  static final int CALLERS = 8;

  /** Accounts per calling thread. */
  static final int PER_CALLER = 64;

  /** Recovery codes of every filler account, as a real enrollment issues. */
  static final int CODES_PER_ACCOUNT = 10;

  /** The time of the import: every call after it is at a later step. */
  static final Instant START = Instant.ofEpochSecond(Fixtures.STEP * 30);

  /** Rows in the tables: accounts that sign in plus filler accounts. */
  @Param({"1000", "1000000"})
  public int accounts = 1000;

  final OtpSecret secret = OtpSecret.fromBase32(Fixtures.SECRET_BASE32);
  final TotpGenerator app = TotpGenerator.create(secret, TotpParameters.DEFAULT);
  final AtomicInteger threads = new AtomicInteger();
  final CallerClock clock = new CallerClock();
  @Nullable HikariDataSource pool;
  @Nullable TwoFactorService service;
  String prefix = "";

  /** The plans of the statements of {@code deleteExpiredEnrollments()}, from the last setup. */
  String housekeepingPlans = "";

  /** The clock of the service: each calling thread sets its own time before a call. */
  static final class CallerClock extends Clock {
    private final ThreadLocal<Instant> now = ThreadLocal.withInitial(() -> START);

    void set(Instant instant) {
      now.set(instant);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  static String databaseUrl() {
    String url = System.getenv(URL_VARIABLE);
    if (url == null || url.isBlank()) {
      url = System.getenv(TEST_URL_VARIABLE);
    }
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(
          "set " + URL_VARIABLE + " to a PostgreSQL JDBC URL to run this benchmark");
    }
    return url;
  }

  static String account(int caller, int index) {
    return "bench-" + caller + "-" + index;
  }

  /** Opens the pool, fills the tables once, and imports the accounts that sign in. */
  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(databaseUrl());
    config.setMaximumPoolSize(16);
    config.setMinimumIdle(16);
    config.setConnectionTimeout(3000);
    config.setValidationTimeout(1000);
    config.setPoolName("otpkit-bench");
    HikariDataSource p = new HikariDataSource(config);
    pool = p;
    prefix = "otpkit_bench_" + accounts + "_";
    fillOnce(p);
    SecretCipher cipher = SecretCipher.create(EncryptionKey.generate("bench"));
    TwoFactorService s =
        TwoFactorService.builder(JdbcStore.create(p, prefix), cipher)
            .issuer("Photo Portal")
            .clock(clock)
            .build();
    removeCallers(p);
    for (int caller = 0; caller < CALLERS; caller++) {
      for (int i = 0; i < PER_CALLER; i++) {
        if (!s.importEnrollment(
                account(caller, i),
                secret,
                TotpParameters.DEFAULT,
                START,
                TwoFactorService.ImportOption.ISSUE_RECOVERY_CODES)
            .imported()) {
          throw new IllegalStateException("account " + account(caller, i) + " exists already");
        }
      }
    }
    // The accounts of the previous trial left dead rows behind; clear them, as autovacuum does in
    // a database at steady state, so that every trial starts from the same tables.
    try (Connection c = p.getConnection();
        Statement st = c.createStatement()) {
      for (String table : new String[] {"recovery_code", "account_state", "enrollment"}) {
        st.execute("VACUUM ANALYZE " + prefix + table);
      }
    }
    service = s;
    String plans = explainHousekeeping(p, cipher);
    housekeepingPlans = plans;
    writePlans(plans);
    if (accounts >= INDEX_REQUIRED_FROM && plans.contains("Seq Scan")) {
      throw new IllegalStateException(
          "deleteExpiredEnrollments scans a whole table with " + accounts + " accounts:\n" + plans);
    }
  }

  /**
   * Runs {@link TwoFactorService#deleteExpiredEnrollments()} once through a recording {@code
   * DataSource} and returns PostgreSQL's plan of each statement it prepared, with the parameters it
   * bound, under the statement's text. Nothing has expired, so the run changes nothing.
   */
  String explainHousekeeping(HikariDataSource p, SecretCipher cipher) throws SQLException {
    List<RecordedStatement> recorded = new ArrayList<>();
    javax.sql.DataSource recording = recording(p, recorded);
    int removed =
        TwoFactorService.builder(JdbcStore.create(recording, prefix), cipher)
            .issuer("Photo Portal")
            .clock(clock)
            .build()
            .deleteExpiredEnrollments();
    if (removed != 0 || recorded.isEmpty()) {
      throw new IllegalStateException(
          "housekeeping removed " + removed + " and ran " + recorded.size() + " statements");
    }
    StringBuilder plans = new StringBuilder();
    try (Connection c = p.getConnection()) {
      for (RecordedStatement statement : recorded) {
        plans.append("-- ").append(statement.sql).append('\n');
        try (PreparedStatement explain = c.prepareStatement("EXPLAIN " + statement.sql)) {
          for (Object[] call : statement.parameters) {
            bind(explain, call);
          }
          try (ResultSet r = explain.executeQuery()) {
            while (r.next()) {
              plans.append(r.getString(1)).append('\n');
            }
          }
        }
      }
    }
    return plans.toString();
  }

  private void writePlans(String plans) {
    String directory = System.getenv(PLAN_DIRECTORY_VARIABLE);
    if (directory == null || directory.isBlank()) {
      return;
    }
    try {
      Path folder = Files.createDirectories(Path.of(directory));
      Files.writeString(
          folder.resolve(String.format(Locale.ROOT, "deleteExpiredEnrollments-%d.txt", accounts)),
          plans,
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A statement that the store prepared, with its {@code setXxx(index, value...)} calls. */
  static final class RecordedStatement {
    final String sql;
    final List<Object[]> parameters = new ArrayList<>();

    RecordedStatement(String sql) {
      this.sql = sql;
    }
  }

  /**
   * A {@code DataSource} over {@code target} that records every statement prepared on its
   * connections and the parameters bound to it; everything else passes through.
   */
  static javax.sql.DataSource recording(
      javax.sql.DataSource target, List<RecordedStatement> recorded) {
    return proxy(
        javax.sql.DataSource.class,
        target,
        (method, result, args) ->
            method.getName().equals("getConnection")
                ? proxy(
                    Connection.class,
                    result,
                    (m, statement, a) -> {
                      if (!m.getName().equals("prepareStatement")) {
                        return statement;
                      }
                      RecordedStatement r = new RecordedStatement((String) a[0]);
                      recorded.add(r);
                      return proxy(
                          PreparedStatement.class,
                          statement,
                          (set, ignored, values) -> {
                            if (isParameterSetter(set)) {
                              r.parameters.add(
                                  new Object[] {set.getName(), set.getParameterTypes(), values});
                            }
                            return ignored;
                          });
                    })
                : result);
  }

  /** {@code setString(int, String)}, {@code setObject(int, Object)}...: not setQueryTimeout. */
  static boolean isParameterSetter(Method method) {
    Class<?>[] types = method.getParameterTypes();
    return method.getName().startsWith("set") && types.length >= 2 && types[0] == int.class;
  }

  private static void bind(PreparedStatement statement, Object[] call) throws SQLException {
    try {
      PreparedStatement.class
          .getMethod((String) call[0], (Class<?>[]) call[1])
          .invoke(statement, (Object[]) call[2]);
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new IllegalStateException(e);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** What a proxy does with the result of a call that went through to the target. */
  interface After {
    @Nullable Object apply(Method method, @Nullable Object result, Object[] args);
  }

  private static <T> T proxy(Class<T> type, @Nullable Object target, After after) {
    if (target == null) {
      throw new IllegalStateException("no " + type.getSimpleName());
    }
    InvocationHandler handler =
        (p, method, args) -> {
          Object[] a = args == null ? new Object[0] : args;
          Object result;
          try {
            result = method.invoke(target, a);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          return after.apply(method, result, a);
        };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private int fillers() {
    return accounts - CALLERS * PER_CALLER;
  }

  /** Writes the filler accounts unless a previous run left exactly them. */
  private void fillOnce(HikariDataSource p) throws SQLException {
    JdbcSchema.createIfAbsent(p, JdbcSchema.Dialect.POSTGRESQL, prefix);
    try (Connection c = p.getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet r =
          s.executeQuery(
              "SELECT COUNT(*) FROM " + prefix + "enrollment WHERE account_id LIKE 'filler-%'")) {
        r.next();
        if (r.getLong(1) == fillers()) {
          return;
        }
      }
      for (String table : new String[] {"recovery_code", "account_state", "enrollment"}) {
        s.execute("TRUNCATE " + prefix + table);
      }
      String series = " FROM generate_series(1, " + fillers() + ") AS g(n)";
      s.execute(
          "INSERT INTO "
              + prefix
              + "enrollment (account_id, active_secret, active_key_id, active_algorithm,"
              + " active_digits, active_period_seconds, active_t0, enabled_since)"
              + " SELECT 'filler-' || n, decode(repeat('ab', 50), 'hex'), 'bench', 'SHA1', 6,"
              + " 30, 0, now()"
              + series);
      s.execute(
          "INSERT INTO "
              + prefix
              + "account_state (account_id, last_step, failures, last_failure_at, drift)"
              + " SELECT 'filler-' || n, "
              + Fixtures.STEP
              + ", 0, NULL, 0"
              + series);
      s.execute(
          "INSERT INTO "
              + prefix
              + "recovery_code (account_id, code_id, code_index, salt, hash, used_at)"
              + " SELECT 'filler-' || n, 'code-' || i, i, decode(repeat('cd', 16), 'hex'),"
              + " decode(repeat('ef', 32), 'hex'), NULL"
              + series
              + ", generate_series(0, "
              + (CODES_PER_ACCOUNT - 1)
              + ") AS k(i)");
      for (String table : new String[] {"recovery_code", "account_state", "enrollment"}) {
        s.execute("VACUUM ANALYZE " + prefix + table);
      }
    }
  }

  /** Removes the accounts that sign in, left by a previous trial. */
  private void removeCallers(HikariDataSource p) throws SQLException {
    String[] ids = new String[CALLERS * PER_CALLER];
    for (int caller = 0; caller < CALLERS; caller++) {
      for (int i = 0; i < PER_CALLER; i++) {
        ids[caller * PER_CALLER + i] = account(caller, i);
      }
    }
    try (Connection c = p.getConnection()) {
      Array array = c.createArrayOf("varchar", ids);
      for (String table : new String[] {"recovery_code", "account_state", "enrollment"}) {
        try (PreparedStatement s =
            c.prepareStatement("DELETE FROM " + prefix + table + " WHERE account_id = ANY (?)")) {
          s.setArray(1, array);
          s.executeUpdate();
        }
      }
      array.free();
    }
  }

  /** Closes the pool; the tables stay for the next run. */
  @TearDown(Level.Trial)
  public void tearDown() {
    HikariDataSource p = pool;
    if (p != null) {
      p.close();
    }
  }

  /** The accounts and the call counter of one thread. */
  @State(Scope.Thread)
  public static class Caller {
    final String[] accounts = new String[PER_CALLER];
    int calls;

    /** Takes the next thread number and its accounts. */
    @Setup(Level.Trial)
    public void setUp(PostgresSignInBenchmark benchmark) {
      int thread = benchmark.threads.getAndIncrement();
      if (thread >= CALLERS) {
        throw new IllegalStateException("at most " + CALLERS + " threads");
      }
      for (int i = 0; i < PER_CALLER; i++) {
        accounts[i] = account(thread, i);
      }
    }
  }

  VerificationResult signIn(Caller caller) {
    TwoFactorService s = service;
    if (s == null) {
      throw new IllegalStateException("not set up");
    }
    int n = caller.calls++;
    long step = Fixtures.STEP + 1 + n / PER_CALLER;
    clock.set(Instant.ofEpochSecond(step * 30 + 15));
    return s.verify(caller.accounts[n % PER_CALLER], app.generateAtStep(step));
  }

  /**
   * The floor: what any sign-in with replay protection in this database costs at least, one {@code
   * SELECT} and one {@code UPDATE} by primary key on one pooled connection, without the
   * cryptography (AES-GCM, HMAC) or the checks.
   */
  long floor(Caller caller) throws SQLException {
    HikariDataSource p = pool;
    if (p == null) {
      throw new IllegalStateException("not set up");
    }
    String account = caller.accounts[caller.calls++ % PER_CALLER];
    try (Connection c = p.getConnection()) {
      long step;
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT last_step FROM " + prefix + "account_state WHERE account_id = ?")) {
        s.setString(1, account);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) {
            throw new IllegalStateException("no state for " + account);
          }
          step = r.getLong(1);
        }
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "UPDATE " + prefix + "account_state SET failures = 0 WHERE account_id = ?")) {
        s.setString(1, account);
        if (s.executeUpdate() != 1) {
          throw new IllegalStateException("no state for " + account);
        }
      }
      return step;
    }
  }

  @Benchmark
  @Threads(1)
  public VerificationResult signInOneThread(Caller caller) {
    return signIn(caller);
  }

  @Benchmark
  @Threads(8)
  public VerificationResult signInEightThreads(Caller caller) {
    return signIn(caller);
  }

  @Benchmark
  @Threads(1)
  public long floorOneThread(Caller caller) throws SQLException {
    return floor(caller);
  }

  @Benchmark
  @Threads(8)
  public long floorEightThreads(Caller caller) throws SQLException {
    return floor(caller);
  }

  /** Housekeeping on the full tables: nothing expired, so this is the cost of finding that out. */
  @Benchmark
  @Threads(1)
  public int deleteExpiredEnrollments() {
    TwoFactorService s = service;
    if (s == null) {
      throw new IllegalStateException("not set up");
    }
    return s.deleteExpiredEnrollments();
  }
}

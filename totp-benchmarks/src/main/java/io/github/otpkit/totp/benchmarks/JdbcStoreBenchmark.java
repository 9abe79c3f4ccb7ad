package io.github.otpkit.totp.benchmarks;

import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.auth.TotpVerifier;
import io.github.otpkit.totp.auth.VerificationResult;
import io.github.otpkit.totp.jdbc.JdbcSchema;
import io.github.otpkit.totp.jdbc.JdbcStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcConnectionPool;
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
 * Verification throughput through the {@link JdbcStore} on H2 2.x (embedded, H2's own {@code
 * JdbcConnectionPool} with 16 connections), with 1 and with 8 threads: every call is a full,
 * accepted {@link TotpVerifier#verify(String, OtpSecret, CharSequence, Instant)}: one {@code
 * SELECT} (load), the three candidates, one conditional {@code UPDATE} (mark the step used), in
 * auto-commit on one pooled connection (a store session); the first call of an account inserts its
 * row instead.
 *
 * <p>As in {@code VerifyWithStoreBenchmark}, each thread owns {@value #ACCOUNTS} accounts and walks
 * them step by step ({@code n mod }{@value #ACCOUNTS} picks the account, {@code n / }{@value
 * #ACCOUNTS} the step), so every call is accepted and none is a replay; rows are created on first
 * use and then only updated. {@code db=mem} is an in-memory database, {@code db=file} a database
 * file in a temporary folder (MVStore, H2's default durability).
 *
 * <p>The warm-up is longer than the other benchmarks' (10 x 2 s): with 8 threads on 2 cores the JIT
 * compiler threads compete with the callers, and throughput was seen still climbing after 12
 * seconds; with 4 x 1 s the 8-thread figure measured compilation, not H2.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 2,
    jvmArgsAppend = {AverageTimeBenchmark.HEAP_MIN, AverageTimeBenchmark.HEAP_MAX})
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
public class JdbcStoreBenchmark {
  static final int ACCOUNTS = 256;
  static final int STEPS = 16_384;

  /**
   * {@code mem}: {@code jdbc:h2:mem:}; {@code file}: {@code jdbc:h2:file:} in a temporary folder.
   */
  @Param({"mem", "file"})
  public String db = "mem";

  final String[] codes = new String[STEPS];
  final OtpSecret secret = OtpSecret.fromBase32(Fixtures.SECRET_BASE32);
  final AtomicInteger threads = new AtomicInteger();
  @Nullable Path folder;
  @Nullable JdbcConnectionPool pool;
  @Nullable TotpVerifier verifier;

  /** Creates the database, its tables and the verifier, and precomputes the codes. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    String url;
    if (db.equals("file")) {
      Path dir = Files.createTempDirectory("otpkit-bench-h2");
      folder = dir;
      url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db");
    } else {
      url = "jdbc:h2:mem:otpkit-bench-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    }
    JdbcConnectionPool p = JdbcConnectionPool.create(url, "bench", "");
    p.setMaxConnections(16);
    JdbcSchema.createIfAbsent(p);
    pool = p;
    verifier = TotpVerifier.builder(JdbcStore.create(p)).build();
    for (int i = 0; i < STEPS; i++) {
      codes[i] = Fixtures.totpCode(Fixtures.STEP + i);
    }
  }

  /** Closes the pool and deletes the database files. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    JdbcConnectionPool p = pool;
    if (p != null) {
      try (var c = p.getConnection();
          var s = c.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException("H2 did not shut down", e);
      }
      p.dispose();
    }
    Path dir = folder;
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(JdbcStoreBenchmark::delete);
      }
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The accounts and the call counter of one thread. */
  @State(Scope.Thread)
  public static class Caller {
    final String[] accounts = new String[ACCOUNTS];
    int calls;
    int generation;
    int thread;

    /** Takes the next thread number and names this thread's accounts. */
    @Setup(Level.Trial)
    public void setUp(JdbcStoreBenchmark benchmark) {
      thread = benchmark.threads.getAndIncrement();
      name();
    }

    private void name() {
      for (int i = 0; i < ACCOUNTS; i++) {
        accounts[i] = "t" + thread + "-g" + generation + "-user-" + i + "@example.com";
      }
    }

    /** Returns the call's account and round; after the last step, moves on to fresh accounts. */
    int next() {
      if (calls == ACCOUNTS * STEPS) {
        generation++;
        name();
        calls = 0;
      }
      return calls++;
    }
  }

  VerificationResult verify(Caller caller) {
    int n = caller.next();
    int round = n / ACCOUNTS;
    Instant at = Instant.ofEpochSecond(Fixtures.STEP * 30 + 30L * round + 15);
    TotpVerifier v = verifier;
    if (v == null) {
      throw new IllegalStateException("not set up");
    }
    return v.verify(caller.accounts[n % ACCOUNTS], secret, codes[round], at);
  }

  @Benchmark
  @Threads(1)
  public VerificationResult oneThread(Caller caller) {
    return verify(caller);
  }

  @Benchmark
  @Threads(8)
  public VerificationResult eightThreads(Caller caller) {
    return verify(caller);
  }
}

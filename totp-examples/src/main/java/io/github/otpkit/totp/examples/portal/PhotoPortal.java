package io.github.otpkit.totp.examples.portal;

import com.sun.net.httpserver.HttpServer;
import io.github.otpkit.totp.auth.ThrottlePolicy;
import io.github.otpkit.totp.auth.TwoFactorService;
import io.github.otpkit.totp.crypto.EncryptionKey;
import io.github.otpkit.totp.crypto.SecretCipher;
import io.github.otpkit.totp.jdbc.JdbcSchema;
import io.github.otpkit.totp.jdbc.JdbcStore;
import io.github.otpkit.totp.qr.QrRenderer;
import io.github.otpkit.totp.store.StateStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Photo Portal demo: a small web application on the JDK's HTTP server with an embedded H2
 * database, listening on 127.0.0.1 only.
 *
 * <p>People sign up with a username and a password (stored as a PBKDF2 hash), sign in and out, and
 * turn on two-factor authentication with an authenticator app through the library's {@link
 * TwoFactorService}: QR code, first code, recovery codes, a code at every sign-in, a new phone,
 * disable. The secrets are encrypted at rest with a key kept in the data folder ({@link KeyFile})
 * in an owner-only data folder ({@link DataFolder}). Sessions use 256-bit random ids in an {@code
 * HttpOnly}, {@code SameSite=Strict} cookie, a new id at sign-in and after every change of
 * credentials (which also ends the user's other sessions), an idle expiry, and separate caps for
 * anonymous and signed-in sessions ({@link SessionStore}); every form carries a CSRF token; every
 * response carries a strict content security policy.
 *
 * <p>{@link #startOnDatabase} runs the portal on a PostgreSQL, MariaDB or MySQL database instead,
 * which several portals share (accounts, used codes and throttling are shared; sessions are not,
 * but a change of credentials or "Sign out everywhere" ends the user's sessions on every node at
 * their next request), with an encryption key that every node is given.
 *
 * <pre>{@code
 * PhotoPortal portal = new PhotoPortal();
 * int port = portal.start(Path.of("portal-data"), 0); // 0: any free port
 * // ... http://127.0.0.1:port/ ...
 * portal.stop();
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. An instance runs once: {@link #start} may be called only once.
 */
public final class PhotoPortal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PhotoPortal.class);

  /** The port when none is given: 8080. */
  public static final int DEFAULT_PORT = 8080;

  /** The data folder when none is given, relative to the working directory. */
  public static final String DEFAULT_DATA_FOLDER = "portal-data";

  /** The only address the portal listens on. */
  public static final String HOST = "127.0.0.1";

  /** The issuer that authenticator apps show above the account name. */
  public static final String ISSUER = "Photo Portal";

  /** Failures in a row after which codes are locked until a recovery code is used: 20. */
  public static final int LOCKOUT_AFTER = 20;

  /**
   * Throttling of codes and recovery codes, per account: 5 failures in a row are free, then the
   * next attempt waits 5 seconds after the last failure, doubling up to 60 seconds (short enough to
   * demo); after {@value #LOCKOUT_AFTER} failures in a row, codes are locked until a recovery code
   * is used (a recovery code is still accepted, after the back-off, and clears the count).
   *
   * <p>The guessing bound: someone who knows the password gets at most 20 code guesses between two
   * successful sign-ins of the real user; with a window of 3 time steps and 6 digits each guess
   * succeeds with probability at most 3 / 10^6, so 20 guesses with at most 6 * 10^-5 (1 in 16,667).
   * Without the lock-out, one guess every 60 seconds would be 1,440 guesses a day. See {@link
   * ThrottlePolicy} for what real portals weigh.
   */
  public static final ThrottlePolicy THROTTLE_POLICY =
      new ThrottlePolicy(
              5, Duration.ofSeconds(5), Duration.ofSeconds(60), ThrottlePolicy.NO_LOCKOUT)
          .withLockoutAfter(LOCKOUT_AFTER);

  /**
   * Throttling of passwords, per account and per unknown name: the delays of {@link
   * #THROTTLE_POLICY} without its lock-out. A password lock-out would let anyone lock anyone out
   * (usernames are not secret), and there is no recovery code before the password step; so a
   * password can be tried once every 60 seconds after the first 5 failures, 1,440 times a day: long
   * passwords and two-factor authentication are the answer.
   */
  public static final ThrottlePolicy PASSWORD_THROTTLE_POLICY =
      THROTTLE_POLICY.withLockoutAfter(ThrottlePolicy.NO_LOCKOUT);

  /**
   * Sessions kept at most: 10,000 anonymous ones (a form's CSRF token; the least recently seen is
   * dropped beyond that), 10,000 signed-in ones (never dropped to make room: new sign-ins are
   * refused while all are taken), 10 per user (a user's 11th sign-in ends their own least recently
   * seen session). See {@link SessionStore}.
   */
  static final SessionStore.Limits SESSION_LIMITS = new SessionStore.Limits(10_000, 10_000, 10);

  /** The environment variable with the database user, if the URL has none. */
  static final String DATABASE_USER = "OTPKIT_DATABASE_USER";

  /** The environment variable with the database password, if the URL has none. */
  static final String DATABASE_PASSWORD = "OTPKIT_DATABASE_PASSWORD";

  private static final int THREADS = 8;
  private static final Duration DRAIN_TIME = Duration.ofSeconds(5);

  private final Clock clock;
  private final SessionStore.Limits sessionLimits;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private boolean started;
  private @Nullable Running running;

  private record Running(
      HttpServer server,
      ExecutorService executor,
      PortalHandler handler,
      PortalDatabase database) {}

  /** Creates a portal that reads time from the system clock. */
  public PhotoPortal() {
    this(Clock.systemUTC());
  }

  /**
   * Creates a portal that reads time from a clock (session expiry, account dates).
   *
   * @param clock the clock
   */
  public PhotoPortal(Clock clock) {
    this(clock, SESSION_LIMITS);
  }

  /** A portal with other session limits, for tests that reach them. */
  PhotoPortal(Clock clock, SessionStore.Limits sessionLimits) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sessionLimits = Objects.requireNonNull(sessionLimits, "sessionLimits");
  }

  /**
   * Opens the database in a data folder (created owner-only if missing) and starts listening on
   * 127.0.0.1.
   *
   * @param dataFolder the folder of the H2 database
   * @param port the TCP port, 0 for any free port
   * @return the port the portal listens on
   * @throws IOException if the folder or the database cannot be opened (for example because another
   *     portal uses it), group or others may read the folder (see {@link DataFolder}), or the port
   *     cannot be bound; the message says which
   * @throws IllegalArgumentException if the port is not 0 to 65535
   * @throws IllegalStateException if this portal was started before
   */
  public synchronized int start(Path dataFolder, int port) throws IOException {
    Objects.requireNonNull(dataFolder, "dataFolder");
    checkStart(port);
    Path folder = DataFolder.prepare(dataFolder);
    SecureRandom random = new SecureRandom();
    EncryptionKey key = KeyFile.loadOrCreate(folder, random);
    PortalDatabase database = PortalDatabase.open(folder);
    return listen(database, key, random, port, "data in " + folder);
  }

  /**
   * Connects to a database that several portals share and starts listening on 127.0.0.1: users,
   * two-factor state, used time steps and throttling live in that database, so every node sees the
   * same; sessions stay in each node's memory.
   *
   * <p>The key that encrypts the authenticator secrets must be the same on every node: it comes
   * from the environment variable {@code OTPKIT_TOTP_ENCRYPTION_KEY} (Base64 of 32 bytes, {@code
   * openssl rand -base64 32}) or from {@code keyFile}, never generated here. The database user and
   * password may be in the URL or in {@code OTPKIT_DATABASE_USER} and {@code
   * OTPKIT_DATABASE_PASSWORD}. The tables are created unless they exist.
   *
   * @param jdbcUrl a {@code jdbc:postgresql:}, {@code jdbc:mariadb:} or {@code jdbc:mysql:} URL
   * @param keyFile a file with the key (mode 600), or null to read it from the environment
   * @param port the TCP port, 0 for any free port
   * @return the port the portal listens on
   * @throws IOException if no key is given or it is not a key, the database cannot be reached or
   *     used, or the port cannot be bound; the message says which and never contains the key or a
   *     password
   * @throws IllegalArgumentException if the URL names no supported database, or the port is not 0
   *     to 65535
   * @throws IllegalStateException if this portal was started before
   */
  public int startOnDatabase(String jdbcUrl, @Nullable Path keyFile, int port) throws IOException {
    return startOnDatabase(jdbcUrl, keyFile, System::getenv, port);
  }

  /** {@link #startOnDatabase(String, Path, int)} with another environment, for tests. */
  synchronized int startOnDatabase(
      String jdbcUrl,
      @Nullable Path keyFile,
      Function<String, @Nullable String> environment,
      int port)
      throws IOException {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(environment, "environment");
    DatabaseUrl url = DatabaseUrl.parse(jdbcUrl);
    checkStart(port);
    EncryptionKey key = SharedKey.load(keyFile, environment);
    PortalDatabase database =
        PortalDatabase.connect(
            url, environment.apply(DATABASE_USER), environment.apply(DATABASE_PASSWORD));
    return listen(database, key, new SecureRandom(), port, "database " + url.masked());
  }

  private void checkStart(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 to 65535 but was " + port);
    }
    if (started) {
      throw new IllegalStateException("this portal was already started");
    }
    started = true;
  }

  private int listen(
      PortalDatabase database, EncryptionKey key, SecureRandom random, int port, String where)
      throws IOException {
    HttpServer server;
    try {
      InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
      server = HttpServer.create(new InetSocketAddress(loopback, port), 64);
    } catch (BindException e) {
      database.close();
      throw new IOException(
          "cannot listen on " + HOST + ":" + port + " (" + e.getMessage() + ")", e);
    } catch (IOException | RuntimeException e) {
      database.close();
      throw e;
    }
    int boundPort = server.getAddress().getPort();
    PortalHandler handler;
    try {
      handler = newHandler(database, key, random, boundPort);
    } catch (StateStoreException e) {
      server.stop(0);
      database.close();
      // Its message names the operation and the SQLState only.
      throw new IOException("cannot create otpkit's tables: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      server.stop(0);
      database.close();
      throw e;
    }
    ExecutorService executor = Executors.newFixedThreadPool(THREADS, threads());
    server.createContext("/", handler);
    server.setExecutor(executor);
    server.start();
    running = new Running(server, executor, handler, database);
    LOG.info("Photo Portal listening on {}:{}, {}", HOST, boundPort, where);
    return boundPort;
  }

  /**
   * Returns the port the portal listens on.
   *
   * @return the port
   * @throws IllegalStateException if the portal is not running
   */
  public synchronized int port() {
    Running r = running;
    if (r == null) {
      throw new IllegalStateException("the portal is not running");
    }
    return r.server().getAddress().getPort();
  }

  /**
   * Returns the address the portal listens on, always 127.0.0.1.
   *
   * @return the bound socket address
   * @throws IllegalStateException if the portal is not running
   */
  public synchronized InetSocketAddress address() {
    Running r = running;
    if (r == null) {
      throw new IllegalStateException("the portal is not running");
    }
    return r.server().getAddress();
  }

  /**
   * Returns the portal's home page address, {@code http://127.0.0.1:PORT/}.
   *
   * @return the URI
   * @throws IllegalStateException if the portal is not running
   */
  public URI uri() {
    return URI.create("http://" + HOST + ":" + port() + "/");
  }

  /**
   * Stops the portal gracefully: new requests get 503, running ones may finish (for a few seconds),
   * then the server and the database are closed. Does nothing if the portal is not running. Called
   * by the shutdown hook on Ctrl-C.
   */
  public synchronized void stop() {
    Running r = running;
    if (r == null) {
      return;
    }
    running = null;
    try {
      r.handler().drain(DRAIN_TIME);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    r.server().stop(0);
    r.executor().shutdown();
    try {
      if (!r.executor().awaitTermination(DRAIN_TIME.toSeconds(), TimeUnit.SECONDS)) {
        r.executor().shutdownNow();
      }
    } catch (InterruptedException e) {
      r.executor().shutdownNow();
      Thread.currentThread().interrupt();
    }
    r.database().close();
    stopped.countDown();
    LOG.info("Photo Portal stopped");
  }

  /**
   * Waits until {@link #stop()} has finished.
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  private PortalHandler newHandler(
      PortalDatabase database, EncryptionKey key, SecureRandom random, int boundPort) {
    // The library's tables (enrollments, recovery codes, verification state) live in the
    // portal's own database; the secrets in them are encrypted under the given key.
    JdbcSchema.createIfAbsent(database.dataSource());
    JdbcStore store = JdbcStore.create(database.dataSource());
    TwoFactorService service =
        TwoFactorService.builder(store, SecretCipher.create(key))
            .issuer(ISSUER)
            .throttlePolicy(THROTTLE_POLICY)
            .clock(clock)
            .build();
    SessionStore sessions = new SessionStore(clock, random, sessionLimits);
    PasswordHasher hasher = new PasswordHasher(random);
    PasswordCheck passwords =
        new PasswordCheck(
            hasher,
            new PasswordThrottle(PASSWORD_THROTTLE_POLICY, store, database.shared()),
            PortalHandler.USERNAME,
            PortalHandler.MAX_PASSWORD);
    TwoFactorEndpoints twoFactor =
        new TwoFactorEndpoints(
            database, sessions, service, passwords, QrRenderer.defaults(), clock);
    return new PortalHandler(
        database,
        sessions,
        hasher,
        passwords,
        twoFactor,
        clock,
        boundPort,
        resource("style.css"),
        resource("app.js"));
  }

  private static byte[] resource(String name) {
    try (InputStream in = PhotoPortal.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  private static ThreadFactory threads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread t = new Thread(task, "photo-portal-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}

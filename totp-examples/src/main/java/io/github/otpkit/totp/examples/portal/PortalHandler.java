package io.github.otpkit.totp.examples.portal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.otpkit.totp.examples.portal.PortalDatabase.UserRow;
import io.github.otpkit.totp.examples.portal.Session.Flash;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request of the portal: routing, sessions, CSRF checks, security headers and error pages.
 *
 * <p>Pages are GET; every change is a POST whose form carries the session's CSRF token and that
 * answers with a redirect (POST-redirect-GET); messages and the user's input for the next page
 * travel in the session's {@link Flash}. A request that fails unexpectedly is logged here and gets
 * a plain error page, never a stack trace.
 *
 * <p>Thread-safe.
 */
final class PortalHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(PortalHandler.class);

  /** The session cookie's name. */
  static final String SESSION_COOKIE = "photo_session";

  /** Request bodies larger than this are refused with 413. */
  static final int MAX_BODY_BYTES = 16 * 1024;

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; img-src 'self' data:; style-src 'self';"
          + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  static final int MIN_PASSWORD = 8;
  static final int MAX_PASSWORD = 128;
  static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,32}");
  private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{43}");

  /** A GET or POST endpoint. */
  @FunctionalInterface
  interface Endpoint {
    void handle(Request request) throws IOException, SQLException, HttpError;
  }

  /**
   * The handlers of one path.
   *
   * @param get the page, or null
   * @param post the form action, or null
   */
  record Route(@Nullable Endpoint get, @Nullable Endpoint post) {}

  private final PortalDatabase database;
  private final SessionStore sessions;
  private final PasswordHasher hasher;
  private final PasswordCheck passwords;
  private final TwoFactorEndpoints twoFactor;
  private final Clock clock;
  private final int port;
  private final byte[] stylesheet;
  private final byte[] script;
  private final Map<String, Route> routes;
  private final AtomicInteger active = new AtomicInteger();
  private volatile boolean draining;

  PortalHandler(
      PortalDatabase database,
      SessionStore sessions,
      PasswordHasher hasher,
      PasswordCheck passwords,
      TwoFactorEndpoints twoFactor,
      Clock clock,
      int port,
      byte[] stylesheet,
      byte[] script) {
    this.database = database;
    this.sessions = sessions;
    this.hasher = hasher;
    this.passwords = passwords;
    this.twoFactor = twoFactor;
    this.clock = clock;
    this.port = port;
    this.stylesheet = stylesheet.clone();
    this.script = script.clone();
    this.routes =
        Map.ofEntries(
            Map.entry("/", new Route(r -> r.page(Pages.home(r.view())), null)),
            Map.entry("/sign-up", new Route(this::signUpPage, this::signUp)),
            Map.entry("/sign-in", new Route(this::signInPage, this::signIn)),
            Map.entry("/sign-in/code", new Route(twoFactor::signInCodePage, twoFactor::signInCode)),
            Map.entry(
                "/sign-in/recovery",
                new Route(twoFactor::signInRecoveryPage, twoFactor::signInRecovery)),
            Map.entry("/sign-out", new Route(null, this::signOut)),
            Map.entry("/account", new Route(this::accountPage, null)),
            Map.entry(
                "/account/password", new Route(this::changePasswordPage, this::changePassword)),
            Map.entry("/sign-out-everywhere", new Route(null, this::signOutEverywhere)),
            Map.entry(
                "/two-factor/enable",
                new Route(twoFactor::confirmPasswordPage, twoFactor::confirmPassword)),
            Map.entry(
                "/two-factor/replace",
                new Route(twoFactor::confirmPasswordPage, twoFactor::confirmPassword)),
            Map.entry(
                "/two-factor/replace/proof",
                new Route(twoFactor::replaceProofPage, twoFactor::replaceProof)),
            Map.entry(
                "/two-factor/device", new Route(twoFactor::devicePage, twoFactor::chooseDevice)),
            Map.entry("/two-factor/app", new Route(twoFactor::appPage, null)),
            Map.entry("/two-factor/scan", new Route(twoFactor::scanPage, null)),
            Map.entry(
                "/two-factor/activate", new Route(twoFactor::activatePage, twoFactor::activate)),
            Map.entry("/two-factor/done", new Route(twoFactor::donePage, null)),
            Map.entry("/two-factor/replaced", new Route(twoFactor::donePage, null)),
            Map.entry("/two-factor/cancel", new Route(null, twoFactor::cancel)),
            Map.entry(
                "/two-factor/recovery-codes/confirm",
                new Route(twoFactor::confirmPasswordPage, twoFactor::confirmPassword)),
            Map.entry(
                "/two-factor/disable/confirm",
                new Route(twoFactor::confirmPasswordPage, twoFactor::confirmPassword)),
            Map.entry(
                "/two-factor/recovery-codes",
                new Route(twoFactor::recoveryCodesPage, twoFactor::regenerateRecoveryCodes)),
            Map.entry(
                "/two-factor/disable", new Route(twoFactor::disablePage, twoFactor::disable)));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    active.incrementAndGet();
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    try {
      if (draining) {
        send(exchange, 503, "text/plain; charset=utf-8", utf8("The portal is shutting down.\n"));
        return;
      }
      dispatch(exchange, method, path);
    } catch (HttpError e) {
      sendError(exchange, e);
    } catch (IOException | SQLException | RuntimeException e) {
      // Logged with the stack trace, here only; the browser gets a plain page. Nothing secret is
      // in our exception messages, and request bodies are never logged.
      LOG.error("{} {} failed", method, path, e);
      sendError(
          exchange,
          new HttpError(500, "Something went wrong", "The portal could not answer. Try again."));
    } finally {
      exchange.close();
      active.decrementAndGet();
    }
  }

  /**
   * Refuses new requests with 503 and waits for the running ones to finish, at most {@code max}.
   */
  void drain(Duration max) throws InterruptedException {
    draining = true;
    long deadline = System.nanoTime() + max.toNanos();
    while (active.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private void dispatch(HttpExchange exchange, String method, String path)
      throws IOException, SQLException, HttpError {
    checkHost(exchange);
    if (path.equals("/style.css")) {
      requireMethod(exchange, method, "GET");
      send(exchange, 200, "text/css; charset=utf-8", stylesheet);
      return;
    }
    if (path.equals("/app.js")) {
      requireMethod(exchange, method, "GET");
      send(exchange, 200, "text/javascript; charset=utf-8", script);
      return;
    }
    Optional<Session> existing = existingSession(exchange);
    if (existing.isPresent() && endedElsewhere(existing.get())) {
      signedOutByAChange(exchange, existing.get());
      return;
    }
    Route route = routes.get(path);
    if (route == null) {
      throw HttpError.notFound();
    }
    Endpoint get = route.get();
    Endpoint post = route.post();
    if ((method.equals("GET") || method.equals("HEAD")) && get != null) {
      // No session for a visitor until a page needs one (Request.keep): a flood of cookie-less
      // requests creates nothing.
      Session session = existing.orElseGet(() -> Session.visitor(clock.instant()));
      get.handle(new Request(exchange, path, session, Map.of(), sessions));
    } else if (method.equals("POST") && post != null) {
      Map<String, String> form = Form.parse(readBody(exchange));
      Session session = existing.orElseThrow(HttpError::forbidden);
      String token = form.getOrDefault(Pages.CSRF_FIELD, "");
      if (!MessageDigest.isEqual(utf8(token), utf8(session.csrfToken()))) {
        throw HttpError.forbidden();
      }
      post.handle(new Request(exchange, path, session, form, sessions));
    } else {
      exchange.getResponseHeaders().set("Allow", allowed(route));
      throw new HttpError(405, "Method not allowed", "This page cannot be used that way.");
    }
  }

  /**
   * Whether the user of a session (signed in, or waiting for the second factor) has changed a
   * credential or signed out everywhere since the session began, on this node or any other that
   * shares the database: the database holds a newer session epoch than the session (or the user is
   * gone). One primary-key read per request of a signed-in session; anonymous sessions and the
   * static files cost nothing.
   */
  private boolean endedElsewhere(Session session) throws SQLException {
    Session.User user = session.user();
    if (user == null) {
      return false;
    }
    OptionalLong current = database.sessionEpoch(user.id());
    return current.isEmpty() || current.getAsLong() != session.sessionEpoch();
  }

  /**
   * Ends a session that a change elsewhere has ended (see {@link #endedElsewhere}) as a sign-out
   * does, and sends the browser to the sign-in page, whatever it asked for: a form it posts is not
   * acted upon.
   */
  private void signedOutByAChange(HttpExchange exchange, Session stale) throws IOException {
    Session.User user = stale.user();
    sessions.remove(stale);
    Session fresh = sessions.createAnonymous();
    setSessionCookie(exchange, fresh);
    if (user != null) {
      LOG.info("user {}: a session ended by a change elsewhere was refused", user.id());
    }
    fresh.setFlash(Flash.notice("/sign-in", "You were signed out. Sign in again."));
    exchange.getResponseHeaders().set("Location", "/sign-in");
    sendHeadersOnly(exchange, 303);
  }

  // ---- Pages and actions ----------------------------------------------------------------------

  private void signUpPage(Request r) throws IOException {
    if (r.session.signedInUser() != null) {
      r.redirect("/account");
      return;
    }
    r.keep(); // the form's CSRF token
    r.page(Pages.signUp(r.view()));
  }

  private void signUp(Request r) throws IOException, SQLException {
    String username = r.field("username").strip();
    String password = r.field("password");
    String confirm = r.field("password_confirm");
    if (!USERNAME.matcher(username).matches()) {
      r.redirectWithError(
          "/sign-up",
          "Choose a username of 3 to 32 characters: letters, digits, dots, hyphens or"
              + " underscores.");
      return;
    }
    if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
      r.redirectWithError(
          "/sign-up",
          String.format(
              Locale.ROOT,
              "Choose a password of %d to %d characters.",
              MIN_PASSWORD,
              MAX_PASSWORD));
      return;
    }
    // The confirmation box is optional: checked when filled in.
    if (!confirm.isEmpty() && !confirm.equals(password)) {
      r.redirectWithError("/sign-up", "The two passwords are not the same. Type them again.");
      return;
    }
    UserRow user;
    try {
      user = database.createUser(username, hasher.hash(password), clock.instant());
    } catch (PortalDatabase.UsernameTakenException e) {
      r.redirectWithError("/sign-up", "This username is taken. Choose another one.");
      return;
    }
    LOG.info("user {} signed up", user.id());
    r.session.setFlash(
        new Flash(
            "/sign-in",
            "Your account is ready. Sign in with your new password.",
            null,
            Map.of("username", user.username())));
    r.redirect("/sign-in");
  }

  private void signInPage(Request r) throws IOException {
    if (r.session.signedInUser() != null) {
      r.redirect("/account");
      return;
    }
    r.keep(); // the form's CSRF token
    r.page(Pages.signIn(r.view()));
  }

  private void signIn(Request r) throws IOException, SQLException, HttpError {
    String username = r.field("username").strip();
    String password = r.field("password");
    if (username.isEmpty() || password.isEmpty()) {
      r.redirectWithError("/sign-in", "Enter your username and your password.");
      return;
    }
    Optional<UserRow> found =
        USERNAME.matcher(username).matches() && password.length() <= MAX_PASSWORD
            ? database.findUser(username)
            : Optional.empty();
    PasswordCheck.Outcome outcome = passwords.check(found, username, password, clock.instant());
    if (outcome instanceof PasswordCheck.Refused refused) {
      LOG.info(
          "sign-in throttled{}", found.map(u -> " for user " + u.id()).orElse(" (unknown user)"));
      r.redirectWithError("/sign-in", refused.refusal().message());
      return;
    }
    if (!(outcome instanceof PasswordCheck.Right right)) {
      // No username in the log: people type their password into the username box.
      LOG.info("sign-in failed{}", found.map(u -> " for user " + u.id()).orElse(" (unknown user)"));
      r.redirectWithError("/sign-in", "Wrong username or password.");
      return;
    }
    UserRow user = right.user();
    Session.User who = new Session.User(user.id(), user.username());
    // The session holds the user's epoch as read with the password hash: a change of credentials
    // made meanwhile on another node ends it at its next request.
    long epoch = user.sessionEpoch();
    if (twoFactor.status(who).enabled()) {
      // Only the second step is open to this session; a new id again once the code is right.
      r.switchTo(sessions.signIn(r.session, who, Session.Stage.SECOND_FACTOR_PENDING, epoch));
      LOG.info("user {} passed the password step", user.id());
      r.redirect("/sign-in/code");
      return;
    }
    r.switchTo(sessions.signIn(r.session, who, Session.Stage.SIGNED_IN, epoch));
    LOG.info("user {} signed in", user.id());
    r.redirect("/account");
  }

  private void signOut(Request r) throws IOException {
    Session.User user = r.session.user();
    sessions.remove(r.session);
    Session fresh = sessions.createAnonymous();
    r.switchTo(fresh);
    if (user != null) {
      LOG.info("user {} signed out", user.id());
    }
    fresh.setFlash(Flash.notice("/", "You are signed out."));
    r.redirect("/");
  }

  /**
   * Ends every session of the user, this one included, on every device: for a lost phone or a
   * shared computer left signed in. Ending this one too is the simple rule a person expects from
   * "everywhere"; they sign in again here. The other nodes on a shared database end theirs at their
   * next request (the user's session epoch goes up, see {@link #endedElsewhere}).
   */
  private void signOutEverywhere(Request r) throws IOException, SQLException {
    Session.User user = r.session.signedInUser();
    if (user == null) {
      signOut(r);
      return;
    }
    int ended = sessions.endSessionsOf(user.id(), null);
    database.endSessionsEverywhere(user.id());
    Session fresh = sessions.createAnonymous();
    r.switchTo(fresh);
    LOG.info("user {} signed out everywhere (on every node; {} sessions here)", user.id(), ended);
    fresh.setFlash(Flash.notice("/", "You are signed out everywhere, on this device too."));
    r.redirect("/");
  }

  private void changePasswordPage(Request r) throws IOException {
    if (r.session.signedInUser() == null) {
      r.redirectWithNotice("/sign-in", "Sign in to see your account.");
      return;
    }
    r.page(Pages.changePassword(r.view()));
  }

  /**
   * A new password: the current one first (throttled like sign-in, so a stolen session cannot guess
   * it), then every other session of the user ends and this one gets a new id.
   */
  private void changePassword(Request r) throws IOException, SQLException {
    Session.User user = r.session.signedInUser();
    if (user == null) {
      r.redirectWithNotice("/sign-in", "Sign in to see your account.");
      return;
    }
    String fresh = r.field("new_password");
    String confirm = r.field("new_password_confirm");
    // The new password's rules first: a typo there costs no attempt.
    if (fresh.length() < MIN_PASSWORD || fresh.length() > MAX_PASSWORD) {
      r.redirectWithError(
          "/account/password",
          String.format(
              Locale.ROOT,
              "Choose a new password of %d to %d characters.",
              MIN_PASSWORD,
              MAX_PASSWORD));
      return;
    }
    if (!confirm.isEmpty() && !confirm.equals(fresh)) {
      r.redirectWithError(
          "/account/password", "The two new passwords are not the same. Type them again.");
      return;
    }
    Optional<UserRow> row = database.findUser(user.id());
    PasswordCheck.Outcome outcome =
        passwords.check(row, user.username(), r.field("password"), clock.instant());
    if (outcome instanceof PasswordCheck.Refused refused) {
      LOG.info("password change throttled for user {}", user.id());
      r.redirectWithError("/account/password", refused.refusal().message());
      return;
    }
    if (!(outcome instanceof PasswordCheck.Right)) {
      LOG.info("password change refused for user {} (wrong current password)", user.id());
      r.redirectWithError("/account/password", "Wrong password. Type it again.");
      return;
    }
    if (!database.updatePasswordHash(user.id(), hasher.hash(fresh))) {
      sessions.remove(r.session);
      r.switchTo(sessions.createAnonymous());
      r.redirect("/sign-in");
      return;
    }
    LOG.info("user {} changed their password", user.id());
    TwoFactorEndpoints.credentialsChanged(r, user, sessions, database);
    r.redirectWithNotice(
        "/account", "Your password is changed. You are signed out everywhere else.");
  }

  private void accountPage(Request r) throws IOException, SQLException {
    Session.User user = r.session.signedInUser();
    if (user == null) {
      r.redirectWithNotice("/sign-in", "Sign in to see your account.");
      return;
    }
    Optional<UserRow> row = database.findUser(user.id());
    if (row.isEmpty()) {
      sessions.remove(r.session);
      r.switchTo(sessions.createAnonymous());
      r.redirect("/sign-in");
      return;
    }
    Instant since = row.get().createdAt();
    r.page(Pages.account(r.view(), user, since, twoFactor.status(user)));
  }

  // ---- HTTP plumbing ----------------------------------------------------------------------------

  /**
   * Accepts only the Host names this portal is reached by on loopback, so that a web page whose DNS
   * name is rebound to 127.0.0.1 cannot use the portal from the user's browser.
   */
  private void checkHost(HttpExchange exchange) throws HttpError {
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (host == null) {
      throw HttpError.badRequest();
    }
    String h = host.toLowerCase(Locale.ROOT);
    String suffix = ":" + port;
    boolean ok =
        h.equals("127.0.0.1" + suffix)
            || h.equals("localhost" + suffix)
            || (port == 80 && (h.equals("127.0.0.1") || h.equals("localhost")));
    if (!ok) {
      throw new HttpError(
          421, "Wrong address", "Open the portal at http://127.0.0.1:" + port + "/.");
    }
  }

  private static void requireMethod(HttpExchange exchange, String method, String allowed)
      throws HttpError {
    if (!method.equals(allowed) && !(allowed.equals("GET") && method.equals("HEAD"))) {
      exchange.getResponseHeaders().set("Allow", allowed.equals("GET") ? "GET, HEAD" : allowed);
      throw new HttpError(405, "Method not allowed", "This page cannot be used that way.");
    }
  }

  private static String allowed(Route route) {
    if (route.get() != null && route.post() != null) {
      return "GET, HEAD, POST";
    }
    return route.get() != null ? "GET, HEAD" : "POST";
  }

  private Optional<Session> existingSession(HttpExchange exchange) {
    List<String> headers = exchange.getRequestHeaders().get("Cookie");
    if (headers == null) {
      return Optional.empty();
    }
    for (String header : headers) {
      for (String part : header.split(";", -1)) {
        String cookie = part.strip();
        String prefix = SESSION_COOKIE + "=";
        if (cookie.startsWith(prefix)) {
          String id = cookie.substring(prefix.length());
          if (SESSION_ID.matcher(id).matches()) {
            Optional<Session> session = sessions.find(id);
            if (session.isPresent()) {
              return session;
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  static void setSessionCookie(HttpExchange exchange, Session session) {
    exchange
        .getResponseHeaders()
        .set(
            "Set-Cookie",
            SESSION_COOKIE + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Strict");
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException, HttpError {
    Headers headers = exchange.getRequestHeaders();
    String type = headers.getFirst("Content-Type");
    if (type == null
        || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      throw new HttpError(415, "Unsupported form", "The form was sent in an unexpected format.");
    }
    String length = headers.getFirst("Content-Length");
    if (length != null && length.length() > 9) {
      throw tooLarge();
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        throw tooLarge();
      }
      return body;
    }
  }

  private static HttpError tooLarge() {
    return new HttpError(413, "Form too large", "The form was larger than this portal accepts.");
  }

  private void sendError(HttpExchange exchange, HttpError error) throws IOException {
    Optional<Session> session = Optional.empty();
    if (error.status() != 421 && error.status() != 400) {
      session = existingSession(exchange);
    }
    Html page =
        session.isPresent()
            ? Pages.error(new Pages.View(session.get(), null), error.title(), error.message())
            : Pages.bareError(error.title(), error.message());
    send(exchange, error.status(), "text/html; charset=utf-8", utf8(page.toString()));
  }

  private static void securityHeaders(HttpExchange exchange) {
    Headers h = exchange.getResponseHeaders();
    h.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Cache-Control", "no-store");
    h.set("X-Frame-Options", "DENY");
  }

  static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    securityHeaders(exchange);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  static void sendHeadersOnly(HttpExchange exchange, int status) throws IOException {
    securityHeaders(exchange);
    exchange.sendResponseHeaders(status, -1);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

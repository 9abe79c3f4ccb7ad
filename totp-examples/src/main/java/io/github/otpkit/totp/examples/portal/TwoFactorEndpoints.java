package io.github.otpkit.totp.examples.portal;

import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.auth.Enrollment;
import io.github.otpkit.totp.auth.RecoveryCodes;
import io.github.otpkit.totp.auth.TwoFactorService;
import io.github.otpkit.totp.auth.TwoFactorStatus;
import io.github.otpkit.totp.auth.VerificationResult;
import io.github.otpkit.totp.examples.portal.PortalDatabase.UserRow;
import io.github.otpkit.totp.qr.QrCode;
import io.github.otpkit.totp.qr.QrRenderer;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two-factor journey's pages and actions, on the library's {@link TwoFactorService}: enable
 * (password again, phone, store link, QR code, first code, recovery codes), the second step of
 * sign-in (a code or a recovery code), a new authenticator, new recovery codes, disable. Every
 * change of the second factor needs the password typed again first ({@link Confirmation}), in
 * addition to the code or recovery code the service asks for.
 *
 * <p>The account id given to the service is the user's database id; the account name the app shows
 * is the username. Log lines name the user id and what happened, never a code, a recovery code, a
 * secret or a URI (the service logs its own events the same way).
 *
 * <p>Thread-safe.
 */
final class TwoFactorEndpoints {
  private static final Logger LOG = LoggerFactory.getLogger(TwoFactorEndpoints.class);

  /**
   * How long after the password was typed again the setup pages may be used: as long as a setup can
   * be confirmed.
   */
  static final Duration PASSWORD_CONFIRMATION = TwoFactorService.DEFAULT_ENROLLMENT_TTL;

  /**
   * What the password is typed again for: each change of the second factor has its own confirmation
   * page, which leads to the page it guards. A confirmation counts for that purpose only, for
   * {@link #PASSWORD_CONFIRMATION}, in this session.
   */
  enum Confirmation {
    ENABLE(
        "/two-factor/enable",
        "/two-factor/device",
        "Enable two-factor authentication",
        "Step 1 of 5: confirm that it is you",
        false),
    REPLACE(
        "/two-factor/replace",
        "/two-factor/replace/proof",
        "Set up a new authenticator",
        "Step 1 of 5: confirm that it is you",
        true),
    DISABLE(
        "/two-factor/disable/confirm",
        "/two-factor/disable",
        "Disable two-factor authentication",
        "Step 1 of 2: confirm that it is you",
        true),
    RECOVERY_CODES(
        "/two-factor/recovery-codes/confirm",
        "/two-factor/recovery-codes",
        "Create new recovery codes",
        "Step 1 of 2: confirm that it is you",
        true);

    /** The confirmation page. */
    final String path;

    /** The page it leads to. */
    final String next;

    /** The page's title. */
    final String title;

    /** Where the user is in the journey. */
    final String step;

    /** Whether two-factor authentication must be on (else off). */
    final boolean needsTwoFactor;

    Confirmation(String path, String next, String title, String step, boolean needsTwoFactor) {
      this.path = path;
      this.next = next;
      this.title = title;
      this.step = step;
      this.needsTwoFactor = needsTwoFactor;
    }

    /**
     * What a confirmation here allows: enable and a new authenticator lead to the same setup pages,
     * so they share one; disable and new recovery codes have one each.
     */
    String confirms() {
      return this == REPLACE ? ENABLE.next : next;
    }

    static Confirmation of(String path) {
      for (Confirmation c : values()) {
        if (c.path.equals(path)) {
          return c;
        }
      }
      throw new IllegalArgumentException("no password confirmation at " + path);
    }
  }

  /** Pixels per module of the QR code next to the code field (the scan page uses the default). */
  static final int SMALL_MODULE_PIXELS = 4;

  private final PortalDatabase database;
  private final SessionStore sessions;
  private final TwoFactorService twoFactor;
  private final PasswordCheck passwords;
  private final QrRenderer qr;
  private final QrRenderer smallQr;
  private final Clock clock;

  TwoFactorEndpoints(
      PortalDatabase database,
      SessionStore sessions,
      TwoFactorService twoFactor,
      PasswordCheck passwords,
      QrRenderer qr,
      Clock clock) {
    this.database = database;
    this.sessions = sessions;
    this.twoFactor = twoFactor;
    this.passwords = passwords;
    this.qr = qr;
    this.smallQr = QrRenderer.of(qr.options().toBuilder().moduleSize(SMALL_MODULE_PIXELS).build());
    this.clock = clock;
  }

  /** The service's account id of a user. */
  static String accountId(Session.User user) {
    return Long.toString(user.id());
  }

  /** The service's account id of a user. */
  static String accountId(UserRow user) {
    return Long.toString(user.id());
  }

  TwoFactorStatus status(Session.User user) {
    return twoFactor.status(accountId(user));
  }

  // ---- sign-in, second step -------------------------------------------------------------------

  void signInCodePage(Request r) throws IOException {
    if (pendingUser(r) == null) {
      return;
    }
    r.page(TwoFactorPages.signInCode(r.view()));
  }

  void signInCode(Request r) throws IOException, HttpError {
    Session.User user = pendingUser(r);
    if (user == null) {
      return;
    }
    VerificationResult result = twoFactor.verify(accountId(user), r.field("code"));
    if (result.kind() == VerificationResult.Kind.NOT_ENABLED) {
      // Turned off in another session meanwhile: start over rather than guess.
      restartSignIn(r);
      return;
    }
    if (!result.isAccepted()) {
      LOG.info("sign-in code refused for user {} ({})", user.id(), result.kind());
      r.redirectWithError("/sign-in/code", result.message());
      return;
    }
    completeSignIn(r, user, null);
  }

  void signInRecoveryPage(Request r) throws IOException {
    if (pendingUser(r) == null) {
      return;
    }
    r.page(TwoFactorPages.signInRecovery(r.view()));
  }

  void signInRecovery(Request r) throws IOException, HttpError {
    Session.User user = pendingUser(r);
    if (user == null) {
      return;
    }
    VerificationResult result =
        twoFactor.useRecoveryCode(accountId(user), r.field("recovery_code"));
    if (result.kind() == VerificationResult.Kind.NOT_ENABLED) {
      restartSignIn(r);
      return;
    }
    if (!result.isAccepted()) {
      LOG.info("sign-in recovery code refused for user {} ({})", user.id(), result.kind());
      r.redirectWithError("/sign-in/recovery", result.message());
      return;
    }
    LOG.info("user {} signed in with a recovery code", user.id());
    completeSignIn(r, user, result.message());
  }

  private Session.@Nullable User pendingUser(Request r) throws IOException {
    Session.User user = r.session.user();
    if (r.session.stage() != Session.Stage.SECOND_FACTOR_PENDING || user == null) {
      if (r.session.signedInUser() != null) {
        r.redirect("/account");
      } else {
        r.redirectWithNotice("/sign-in", "Sign in with your password first.");
      }
      return null;
    }
    return user;
  }

  private void completeSignIn(Request r, Session.User user, @Nullable String notice)
      throws IOException, HttpError {
    // A new session id again: the one that only knew the password is worth nothing now.
    // The epoch that the pending session holds: the handler found it current at this request.
    r.switchTo(sessions.signIn(r.session, user, Session.Stage.SIGNED_IN, r.session.sessionEpoch()));
    LOG.info("user {} signed in with two factors", user.id());
    if (notice != null) {
      r.redirectWithNotice("/account", notice);
    } else {
      r.redirect("/account");
    }
  }

  private void restartSignIn(Request r) throws IOException {
    sessions.remove(r.session);
    r.switchTo(sessions.createAnonymous());
    r.redirectWithNotice("/sign-in", "Sign in again.");
  }

  // ---- enable, or set up a new authenticator ---------------------------------------------------

  /** The password again, before enable, a new authenticator, disable or new recovery codes. */
  void confirmPasswordPage(Request r) throws IOException {
    Session.User user = signedIn(r);
    if (user == null) {
      return;
    }
    Confirmation purpose = Confirmation.of(r.path);
    boolean on = status(user).enabled();
    if (purpose.needsTwoFactor != on) {
      wrongState(r, purpose);
      return;
    }
    r.page(TwoFactorPages.confirmPassword(r.view(), purpose.title, purpose.step, purpose.path));
  }

  void confirmPassword(Request r) throws IOException, SQLException {
    Session.User user = signedIn(r);
    if (user == null) {
      return;
    }
    Confirmation purpose = Confirmation.of(r.path);
    Instant now = clock.instant();
    Optional<UserRow> row = database.findUser(user.id());
    PasswordCheck.Outcome outcome = passwords.check(row, user.username(), r.field("password"), now);
    if (outcome instanceof PasswordCheck.Right) {
      r.session.passwordConfirmed(purpose.confirms(), now);
      r.redirect(purpose.next);
    } else if (outcome instanceof PasswordCheck.Refused refused) {
      LOG.info("password confirmation throttled for user {}", user.id());
      r.redirectWithError(r.path, refused.refusal().message());
    } else {
      LOG.info("password confirmation failed for user {}", user.id());
      r.redirectWithError(r.path, "Wrong password. Type it again.");
    }
  }

  /** Two-factor authentication is on where it must be off, or the other way round. */
  private static void wrongState(Request r, Confirmation purpose) throws IOException {
    switch (purpose) {
      case ENABLE -> r.redirectWithNotice("/account", "Two-factor authentication is already on.");
      case REPLACE -> r.redirect("/two-factor/enable");
      case DISABLE -> r.redirectWithNotice("/account", "Two-factor authentication is already off.");
      case RECOVERY_CODES ->
          r.redirectWithNotice(
              "/account", "Two-factor authentication is off: there are no recovery codes.");
    }
  }

  void devicePage(Request r) throws IOException {
    Session.User user = confirmedUser(r);
    if (user == null) {
      return;
    }
    r.page(TwoFactorPages.device(r.view(), status(user).enabled(), r.session.device()));
  }

  void chooseDevice(Request r) throws IOException {
    Session.User user = confirmedUser(r);
    if (user == null) {
      return;
    }
    String device = r.field("device");
    if (!device.equals("android") && !device.equals("ios")) {
      r.redirectWithError("/two-factor/device", "Choose Android or iOS.");
      return;
    }
    r.session.setDevice(device);
    if (status(user).enabled()) {
      // A new phone: the setup was started by the proof of the current authenticator.
      Optional<Enrollment> proven = twoFactor.currentEnrollment(accountId(user), user.username());
      if (proven.isEmpty() || !proven.get().isReplacement()) {
        r.redirectWithNotice(
            "/two-factor/replace/proof", "First confirm with your current authenticator.");
        return;
      }
      LOG.info("user {} chose a phone for a new authenticator ({})", user.id(), device);
    } else {
      Optional<Enrollment> started = twoFactor.startEnrollment(accountId(user), user.username());
      if (started.isEmpty()) {
        // Switched on in another session meanwhile.
        r.redirectWithNotice("/account", "Two-factor authentication is already on.");
        return;
      }
      LOG.info("user {} started two-factor authentication ({})", user.id(), device);
    }
    r.redirect("/two-factor/app");
  }

  /**
   * A new phone: before a new secret is issued, proof of the current factor, a code from the
   * current app or a recovery code (a lost phone), through the library's throttled attempt path.
   */
  void replaceProofPage(Request r) throws IOException {
    Session.User user = confirmedUser(r);
    if (user == null) {
      return;
    }
    if (!status(user).enabled()) {
      wrongState(r, Confirmation.REPLACE);
      return;
    }
    r.page(TwoFactorPages.replaceProof(r.view()));
  }

  void replaceProof(Request r) throws IOException {
    Session.User user = confirmedUser(r);
    if (user == null) {
      return;
    }
    String proof = codeOrRecoveryCode(r, "/two-factor/replace/proof");
    if (proof == null) {
      return;
    }
    VerificationResult result = twoFactor.startReplacement(accountId(user), user.username(), proof);
    if (result.kind() == VerificationResult.Kind.NOT_ENABLED) {
      wrongState(r, Confirmation.REPLACE);
      return;
    }
    if (!result.isAccepted()) {
      LOG.info("new authenticator refused for user {} ({})", user.id(), result.kind());
      r.redirectWithError("/two-factor/replace/proof", result.message());
      return;
    }
    LOG.info("user {} proved the current authenticator for a new one", user.id());
    r.redirect("/two-factor/device");
  }

  /**
   * The code or the recovery code of a proof form, or null after redirecting back to {@code page}
   * with an error when there is neither or both.
   */
  private static @Nullable String codeOrRecoveryCode(Request r, String page) throws IOException {
    String code = r.field("code").strip();
    String recovery = r.field("recovery_code").strip();
    if (code.isEmpty() == recovery.isEmpty()) {
      r.redirectWithError(
          page,
          code.isEmpty()
              ? "Enter the code from your app, or a recovery code."
              : "Enter either the code from your app or a recovery code, not both.");
      return null;
    }
    return code.isEmpty() ? recovery : code;
  }

  /** The store link for the chosen phone, between the choice and the QR code. */
  void appPage(Request r) throws IOException {
    Session.User user = confirmedUser(r);
    if (user == null) {
      return;
    }
    String device = r.session.device();
    if (device == null) {
      r.redirect("/two-factor/device");
      return;
    }
    r.page(TwoFactorPages.app(r.view(), device));
  }

  void scanPage(Request r) throws IOException {
    Setup found = setup(r);
    if (found != null) {
      r.page(TwoFactorPages.scan(r.view(), found.page()));
    }
  }

  void activatePage(Request r) throws IOException {
    Setup found = setup(r);
    if (found != null) {
      r.page(TwoFactorPages.activate(r.view(), found.page()));
    }
  }

  void activate(Request r) throws IOException, SQLException {
    Session.User user = confirmedUser(r);
    if (user == null) {
      return;
    }
    VerificationResult result = twoFactor.confirmEnrollment(accountId(user), r.field("code"));
    if (result instanceof VerificationResult.Accepted accepted) {
      LOG.info("user {} activated an authenticator", user.id());
      credentialsChanged(r, user, sessions, database);
      Optional<RecoveryCodes> codes = accepted.newRecoveryCodes();
      codes.ifPresent(c -> r.session.showRecoveryCodesOnce(c.revealCodes()));
      if (codes.isPresent()) {
        r.redirect("/two-factor/done");
      } else {
        // A new phone: "Your new authenticator is active. The old one no longer works."
        r.redirectWithNotice("/two-factor/replaced", accepted.message());
      }
      return;
    }
    LOG.info("activation refused for user {} ({})", user.id(), result.kind());
    switch (result.kind()) {
      case NO_ENROLLMENT -> {
        if (status(user).enabled()) {
          r.redirectWithNotice("/account", "Two-factor authentication is already on.");
        } else {
          r.redirectWithError("/account", "No setup is in progress. Start again.");
        }
      }
      case EXPIRED -> r.redirectWithError("/account", result.message());
      default -> r.redirectWithError("/two-factor/activate", result.message());
    }
  }

  void donePage(Request r) throws IOException {
    Session.User user = signedIn(r);
    if (user == null) {
      return;
    }
    if (!status(user).enabled()) {
      r.redirect("/account");
      return;
    }
    boolean replaced = r.path.equals("/two-factor/replaced");
    r.page(TwoFactorPages.done(r.view(), r.session.takeRecoveryCodes(), replaced));
  }

  void cancel(Request r) throws IOException {
    Session.User user = signedIn(r);
    if (user == null) {
      return;
    }
    boolean cancelled = twoFactor.cancelEnrollment(accountId(user));
    r.session.setDevice(null);
    r.redirectWithNotice(
        "/account", cancelled ? "The setup was cancelled." : "No setup was in progress.");
  }

  /** What the QR pages need, or null after a redirect (not signed in, not confirmed, expired). */
  private @Nullable Setup setup(Request r) throws IOException {
    Session.User user = confirmedUser(r);
    if (user == null) {
      return null;
    }
    Optional<Enrollment> current = twoFactor.currentEnrollment(accountId(user), user.username());
    if (current.isEmpty()) {
      r.redirectWithError("/account", "No setup is in progress, or it has expired. Start again.");
      return null;
    }
    Enrollment enrollment = current.get();
    TotpParameters parameters = enrollment.uri().totpParameters();
    Instant now = clock.instant();
    QrCode code = qr.encode(enrollment.uri());
    return new Setup(
        new TwoFactorPages.Setup(
            qr.pngDataUri(code),
            qr.pixelSize(code),
            smallQr.pngDataUri(code),
            smallQr.pixelSize(code),
            enrollment.revealManualKey(),
            enrollment.uri().issuer().orElse(""),
            enrollment.uri().account(),
            parameters.periodSeconds(),
            TotpGenerator.create(enrollment.uri().secret(), parameters).secondsLeftInStep(now),
            enrollment.expiresAt(),
            enrollment.isReplacement(),
            r.session.device()));
  }

  /** Wraps the page data so that nullness reads clearly at the call sites. */
  private record Setup(TwoFactorPages.Setup page) {}

  // ---- new recovery codes, disable -------------------------------------------------------------

  void recoveryCodesPage(Request r) throws IOException {
    Session.User user = signedIn(r);
    if (user == null) {
      return;
    }
    if (!status(user).enabled()) {
      wrongState(r, Confirmation.RECOVERY_CODES);
      return;
    }
    List<String> codes = r.session.takeRecoveryCodes();
    if (codes == null && !confirmed(r, Confirmation.RECOVERY_CODES)) {
      return;
    }
    r.page(TwoFactorPages.recoveryCodes(r.view(), codes));
  }

  void regenerateRecoveryCodes(Request r) throws IOException, SQLException {
    Session.User user = signedIn(r);
    if (user == null || !confirmed(r, Confirmation.RECOVERY_CODES)) {
      return;
    }
    VerificationResult result = twoFactor.regenerateRecoveryCodes(accountId(user), r.field("code"));
    if (result instanceof VerificationResult.Accepted accepted) {
      LOG.info("user {} created new recovery codes", user.id());
      credentialsChanged(r, user, sessions, database);
      accepted.newRecoveryCodes().ifPresent(c -> r.session.showRecoveryCodesOnce(c.revealCodes()));
      r.redirect("/two-factor/recovery-codes");
      return;
    }
    LOG.info("new recovery codes refused for user {} ({})", user.id(), result.kind());
    if (result.kind() == VerificationResult.Kind.NOT_ENABLED) {
      wrongState(r, Confirmation.RECOVERY_CODES);
      return;
    }
    r.redirectWithError("/two-factor/recovery-codes", result.message());
  }

  void disablePage(Request r) throws IOException {
    Session.User user = signedIn(r);
    if (user == null) {
      return;
    }
    if (!status(user).enabled()) {
      wrongState(r, Confirmation.DISABLE);
      return;
    }
    if (!confirmed(r, Confirmation.DISABLE)) {
      return;
    }
    r.page(TwoFactorPages.disable(r.view()));
  }

  void disable(Request r) throws IOException, SQLException {
    Session.User user = signedIn(r);
    if (user == null) {
      return;
    }
    if (!status(user).enabled()) {
      wrongState(r, Confirmation.DISABLE);
      return;
    }
    if (!confirmed(r, Confirmation.DISABLE)) {
      return;
    }
    String proof = codeOrRecoveryCode(r, "/two-factor/disable");
    if (proof == null) {
      return;
    }
    VerificationResult result = twoFactor.disable(accountId(user), proof);
    if (!result.isAccepted()) {
      LOG.info("disabling refused for user {} ({})", user.id(), result.kind());
      if (result.kind() == VerificationResult.Kind.NOT_ENABLED) {
        wrongState(r, Confirmation.DISABLE);
      } else {
        r.redirectWithError("/two-factor/disable", result.message());
      }
      return;
    }
    LOG.info("user {} disabled two-factor authentication", user.id());
    credentialsChanged(r, user, sessions, database);
    r.redirectWithNotice("/account", result.message());
  }

  /**
   * After a change of the user's credentials (a second factor enabled, replaced or disabled, new
   * recovery codes, a new password): every other session of the user ends, wherever it is (a stolen
   * session must not outlive the change that was meant to lock its thief out), and this one
   * continues under a new id.
   *
   * <p>"Wherever" includes the other nodes on a shared database: the user's session epoch goes up
   * in the database, this session takes the new value, and every node refuses the sessions that
   * hold an older one at their next request ({@link PortalHandler}). This node's other sessions are
   * also dropped from memory at once.
   *
   * @throws SQLException if the epoch cannot be raised; the change itself is made by then, and the
   *     other nodes' sessions last until they expire
   */
  static void credentialsChanged(
      Request r, Session.User user, SessionStore sessions, PortalDatabase database)
      throws SQLException {
    int ended = sessions.endSessionsOf(user.id(), r.session);
    long epoch = database.endSessionsEverywhere(user.id());
    r.switchTo(sessions.renew(r.session, epoch));
    LOG.info(
        "user {}: other sessions ended on every node ({} here), this one renewed",
        user.id(),
        ended);
  }

  // ---- guards
  // -------------------------------------------------------------------------------------

  /** The fully signed-in user, or null after redirecting to the sign-in page. */
  private static Session.@Nullable User signedIn(Request r) throws IOException {
    Session.User user = r.session.signedInUser();
    if (user == null) {
      r.redirectWithNotice("/sign-in", "Sign in to see your account.");
    }
    return user;
  }

  /**
   * The signed-in user who typed the password again recently, for the setup pages (enable or a new
   * authenticator), or null after redirecting (to the sign-in page, or to the password step).
   */
  private Session.@Nullable User confirmedUser(Request r) throws IOException {
    Session.User user = signedIn(r);
    if (user == null) {
      return null;
    }
    Confirmation step = status(user).enabled() ? Confirmation.REPLACE : Confirmation.ENABLE;
    Instant now = clock.instant();
    if (!r.session.passwordConfirmedWithin(step.confirms(), PASSWORD_CONFIRMATION, now)) {
      r.redirectWithNotice(step.path, "Confirm your password to continue.");
      return null;
    }
    return user;
  }

  /**
   * Whether the password was typed again recently; if not, redirects to the confirmation page of
   * {@code purpose} and returns false.
   */
  private boolean confirmed(Request r, Confirmation purpose) throws IOException {
    Instant now = clock.instant();
    if (r.session.passwordConfirmedWithin(purpose.confirms(), PASSWORD_CONFIRMATION, now)) {
      return true;
    }
    r.redirectWithNotice(purpose.path, "Confirm your password to continue.");
    return false;
  }
}

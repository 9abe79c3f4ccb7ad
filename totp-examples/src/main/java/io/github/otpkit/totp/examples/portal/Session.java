package io.github.otpkit.totp.examples.portal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One browser's session: its CSRF token, who is signed in and how far, and a one-shot message for
 * the next page (POST-redirect-GET).
 *
 * <p>A session starts {@link Stage#ANONYMOUS}. A correct password either signs the user in ({@link
 * Stage#SIGNED_IN}) or, for accounts with two-factor authentication, only gets them to {@link
 * Stage#SECOND_FACTOR_PENDING}, where nothing but the second step is allowed. Every change of stage
 * that raises privileges happens on a new session (see {@link SessionStore#signIn}), so an id that
 * was known before sign-in is worth nothing after it.
 *
 * <p>A browser without a session is served with a {@link #visitor} session: anonymous, kept
 * nowhere, without a CSRF token and unable to hold a message. A page that needs either asks the
 * request to keep a real session first ({@link Request#keep()}).
 *
 * <p>Thread-safe: a browser may send several requests at once.
 */
final class Session {
  /** How far the browser has proved who it is. */
  enum Stage {
    /** Nobody is signed in. */
    ANONYMOUS,
    /** The password was right; the second factor has yet to be checked. */
    SECOND_FACTOR_PENDING,
    /** Fully signed in. */
    SIGNED_IN
  }

  /**
   * A message and form values for the next GET of one page, shown once.
   *
   * @param path the page that shows it
   * @param notice a status message, or null
   * @param error an error message, or null
   * @param values form values to put back into the form (never a password or a code)
   */
  record Flash(
      String path, @Nullable String notice, @Nullable String error, Map<String, String> values) {
    Flash {
      values = Map.copyOf(values);
    }

    static Flash notice(String path, String notice) {
      return new Flash(path, notice, null, Map.of());
    }

    static Flash error(String path, String error, Map<String, String> values) {
      return new Flash(path, null, error, values);
    }
  }

  /**
   * Who the session belongs to.
   *
   * @param id the user's database id
   * @param username the user's name as they chose it
   */
  record User(long id, String username) {}

  private final String id;
  private final String csrfToken;
  private final Instant created;
  private Instant lastSeen;
  private Stage stage = Stage.ANONYMOUS;
  private @Nullable User user;
  private long sessionEpoch;
  private @Nullable Flash flash;
  private @Nullable String passwordConfirmedFor;
  private @Nullable Instant passwordConfirmedAt;
  private @Nullable String device;
  private @Nullable List<String> recoveryCodesToShow;

  Session(String id, String csrfToken, Instant created) {
    this.id = id;
    this.csrfToken = csrfToken;
    this.created = created;
    this.lastSeen = created;
  }

  /**
   * A copy under a new id and CSRF token (see {@link SessionStore#renew}): the same user, stage and
   * start time, the one-shot message and recovery codes to show, the user's new session epoch; no
   * password confirmation and no device choice.
   */
  synchronized Session renewedAs(String newId, String newCsrfToken, long newSessionEpoch) {
    Session renewed = new Session(newId, newCsrfToken, created);
    renewed.lastSeen = lastSeen;
    renewed.stage = stage;
    renewed.user = user;
    renewed.sessionEpoch = newSessionEpoch;
    renewed.flash = flash;
    renewed.recoveryCodesToShow = recoveryCodesToShow;
    return renewed;
  }

  /** A session for a browser that has none: anonymous, kept nowhere, no CSRF token. */
  static Session visitor(Instant now) {
    return new Session("", "", now);
  }

  /** Whether this is a {@link #visitor} session, which no store keeps. */
  boolean isVisitor() {
    return id.isEmpty();
  }

  String id() {
    return id;
  }

  /**
   * The CSRF token of the session's forms.
   *
   * @throws IllegalStateException for a {@link #visitor} session: keep a session before showing a
   *     form
   */
  String csrfToken() {
    if (isVisitor()) {
      throw new IllegalStateException("a visitor has no CSRF token: keep a session first");
    }
    return csrfToken;
  }

  Instant created() {
    return created;
  }

  synchronized Instant lastSeen() {
    return lastSeen;
  }

  synchronized void touch(Instant now) {
    lastSeen = now;
  }

  synchronized Stage stage() {
    return stage;
  }

  /** The user, whether fully signed in or only past the password; null when anonymous. */
  synchronized @Nullable User user() {
    return user;
  }

  /** The user if fully signed in, else null. */
  synchronized @Nullable User signedInUser() {
    return stage == Stage.SIGNED_IN ? user : null;
  }

  /**
   * Gives a new session to a user: {@link Stage#SIGNED_IN}, or {@link Stage#SECOND_FACTOR_PENDING}
   * when the password was right but a second factor is still needed. Only {@link
   * SessionStore#signIn} calls it, on a session it has just created.
   *
   * @param userSessionEpoch the user's session epoch as read from the database for this sign-in
   */
  synchronized void becomes(User who, Stage newStage, long userSessionEpoch) {
    user = who;
    stage = newStage;
    sessionEpoch = userSessionEpoch;
  }

  /**
   * The user's session epoch when this session was signed in or last renewed (see {@link
   * PortalDatabase#endSessionsEverywhere}): the session is valid only while the database holds the
   * same value. 0 for an anonymous session.
   */
  synchronized long sessionEpoch() {
    return sessionEpoch;
  }

  /**
   * Records that the signed-in user typed their password again for one purpose (before a change of
   * the second factor: setting one up, disabling it, new recovery codes). A confirmation for one
   * purpose does not count for another.
   */
  synchronized void passwordConfirmed(String purpose, Instant now) {
    passwordConfirmedFor = purpose;
    passwordConfirmedAt = now;
  }

  /**
   * Whether the password was typed again for {@code purpose} less than {@code maxAge} before {@code
   * now}.
   */
  synchronized boolean passwordConfirmedWithin(String purpose, Duration maxAge, Instant now) {
    Instant at = passwordConfirmedAt;
    return purpose.equals(passwordConfirmedFor)
        && at != null
        && !now.isBefore(at)
        && now.isBefore(at.plus(maxAge));
  }

  /** The device chosen while setting up an authenticator, {@code android} or {@code ios}. */
  synchronized @Nullable String device() {
    return device;
  }

  synchronized void setDevice(@Nullable String chosen) {
    device = chosen;
  }

  /**
   * Keeps new recovery codes for the one page that shows them; {@link #takeRecoveryCodes} forgets
   * them. They live only in memory, never in the database or a log.
   */
  synchronized void showRecoveryCodesOnce(List<String> codes) {
    recoveryCodesToShow = List.copyOf(codes);
  }

  /** Returns the recovery codes to show and forgets them, or null if there are none. */
  synchronized @Nullable List<String> takeRecoveryCodes() {
    List<String> codes = recoveryCodesToShow;
    recoveryCodesToShow = null;
    return codes;
  }

  /**
   * Keeps a message for the next page.
   *
   * @throws IllegalStateException for a {@link #visitor} session, which would lose it
   */
  synchronized void setFlash(Flash message) {
    if (isVisitor()) {
      throw new IllegalStateException("a visitor cannot keep a message: keep a session first");
    }
    flash = message;
  }

  /** Returns and forgets the flash if it is meant for {@code path}, else null. */
  synchronized @Nullable Flash takeFlash(String path) {
    Flash f = flash;
    if (f == null || !f.path().equals(path)) {
      return null;
    }
    flash = null;
    return f;
  }

  /** Describes the session without its id or token. */
  @Override
  public synchronized String toString() {
    return "Session[" + stage + (user == null ? "" : ", user " + user.id()) + "]";
  }
}

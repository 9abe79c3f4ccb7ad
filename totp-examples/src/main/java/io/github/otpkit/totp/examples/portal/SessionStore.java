package io.github.otpkit.totp.examples.portal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Sessions in memory, keyed by 256-bit random ids from {@link SecureRandom}, in two pools that
 * never take room from each other.
 *
 * <ul>
 *   <li><b>Anonymous</b> sessions exist only where a visitor needs one: a form's CSRF token, or a
 *       message for the next page. A visit without a cookie creates none ({@link Session#visitor}).
 *       At most {@link Limits#anonymous()} of them; when full, the least recently seen anonymous
 *       session is dropped (its form has to be loaded again).
 *   <li><b>Signed-in</b> sessions (fully signed in, or past the password and waiting for the second
 *       factor) are never dropped to make room for anyone else. A user holds at most {@link
 *       Limits#perUser()} of them: signing in once more ends that user's own least recently seen
 *       session. When all {@link Limits#signedIn()} are taken (after expired ones are removed),
 *       someone who is signed in already may sign in again (their own least recently seen session
 *       makes room), and anyone else is refused with 503 until sessions expire: better that
 *       newcomers wait than that a flood of sign-ins signs everyone out.
 * </ul>
 *
 * <p>A session expires after {@link #IDLE_TIMEOUT} without a request, and in any case {@link
 * #MAX_AGE} after its user signed in. Sessions do not survive a restart of the portal (users and
 * their settings do: they are in the database).
 *
 * <p>Thread-safe: every method holds the store's lock (the maps are small, the work per call is
 * constant except when sessions are ended for one user, which is rare).
 */
final class SessionStore {
  /** A session is forgotten after this long without a request. */
  static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);

  /** A session is forgotten this long after it began, however active. */
  static final Duration MAX_AGE = Duration.ofHours(12);

  static final int ID_BYTES = 32;

  /**
   * How many sessions the store keeps.
   *
   * @param anonymous anonymous sessions, 1 or more
   * @param signedIn signed-in sessions (including those waiting for the second factor), 1 or more
   * @param perUser signed-in sessions of one user, 1 to {@code signedIn}
   */
  record Limits(int anonymous, int signedIn, int perUser) {
    Limits {
      if (anonymous < 1 || signedIn < 1 || perUser < 1 || perUser > signedIn) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "session limits must be positive, perUser at most signedIn, but were %d, %d, %d",
                anonymous,
                signedIn,
                perUser));
      }
    }
  }

  private final Clock clock;
  private final SecureRandom random;
  private final Limits limits;
  // Access order: iteration starts at the least recently seen session.
  private final LinkedHashMap<String, Session> anonymous = new LinkedHashMap<>(16, 0.75f, true);
  private final LinkedHashMap<String, Session> signedIn = new LinkedHashMap<>(16, 0.75f, true);

  SessionStore(Clock clock, SecureRandom random, Limits limits) {
    this.clock = clock;
    this.random = random;
    this.limits = limits;
  }

  /** Starts a new anonymous session, dropping the least recently seen anonymous one if full. */
  synchronized Session createAnonymous() {
    Instant now = clock.instant();
    if (anonymous.size() >= limits.anonymous()) {
      removeExpired(anonymous, now);
      Iterator<Session> eldestFirst = anonymous.values().iterator();
      while (anonymous.size() >= limits.anonymous() && eldestFirst.hasNext()) {
        eldestFirst.next();
        eldestFirst.remove();
      }
    }
    Session session = new Session(randomId(), randomId(), now);
    anonymous.put(session.id(), session);
    return session;
  }

  /** Finds a live session and records the request; expired sessions are removed. */
  synchronized Optional<Session> find(String id) {
    Map<String, Session> pool = anonymous.containsKey(id) ? anonymous : signedIn;
    Session session = pool.get(id);
    if (session == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (expired(session, now)) {
      pool.remove(id);
      return Optional.empty();
    }
    session.touch(now);
    return Optional.of(session);
  }

  /**
   * Replaces a session by a new one that belongs to a user, with a new id and a new CSRF token,
   * because privileges change (the password was right, or the second factor), so that an id fixed
   * or seen before cannot ride along. Nothing else is carried over.
   *
   * @param old the session the step was taken in; it ends
   * @param who the user
   * @param stage {@link Session.Stage#SECOND_FACTOR_PENDING} or {@link Session.Stage#SIGNED_IN}
   * @param sessionEpoch the user's session epoch, read from the database during this sign-in (see
   *     {@link PortalDatabase#endSessionsEverywhere})
   * @return the new session
   * @throws HttpError 503 if the signed-in sessions are at their limit (the old session is kept)
   */
  synchronized Session signIn(Session old, Session.User who, Session.Stage stage, long sessionEpoch)
      throws HttpError {
    Instant now = clock.instant();
    List<Session> own = sessionsOf(who.id(), old);
    int ownToEnd = Math.max(0, own.size() + 1 - limits.perUser());
    if (roomAfter(old, ownToEnd) < 1) {
      removeExpired(signedIn, now);
      own = sessionsOf(who.id(), old);
      ownToEnd = Math.max(0, own.size() + 1 - limits.perUser());
      if (roomAfter(old, ownToEnd) < 1 && ownToEnd < own.size()) {
        // Someone who is signed in already can always sign in again: their own least recently
        // seen session makes room, nobody else's.
        ownToEnd++;
      }
      if (roomAfter(old, ownToEnd) < 1) {
        throw new HttpError(
            503,
            "Too many people signed in",
            "The portal cannot take more signed-in people right now. Try again in a few minutes.");
      }
    }
    remove(old);
    for (Session s : own.subList(0, ownToEnd)) {
      signedIn.remove(s.id());
    }
    Session session = new Session(randomId(), randomId(), now);
    session.becomes(who, stage, sessionEpoch);
    signedIn.put(session.id(), session);
    return session;
  }

  /**
   * Gives a session a new id and a new CSRF token after a change of the user's credentials (a
   * second factor enabled, replaced or disabled, new recovery codes, a new password), keeping who
   * is signed in, the one-shot message and recovery codes to show; a password confirmation is not
   * carried over. The old id is worth nothing afterwards.
   *
   * @param current the session the change was made in
   * @param sessionEpoch the user's new session epoch, which the renewed session holds (see {@link
   *     PortalDatabase#endSessionsEverywhere})
   * @return the renewed session, or a new anonymous one if {@code current} has ended meanwhile
   *     (signed out everywhere in another tab)
   */
  synchronized Session renew(Session current, long sessionEpoch) {
    if (!signedIn.remove(current.id(), current)) {
      anonymous.remove(current.id(), current);
      return createAnonymous();
    }
    Session renewed = current.renewedAs(randomId(), randomId(), sessionEpoch);
    signedIn.put(renewed.id(), renewed);
    return renewed;
  }

  /**
   * Ends every session of a user (signed in or waiting for the second factor) but one.
   *
   * @param userId the user
   * @param keep the session to keep, or null to end them all
   * @return how many sessions ended
   */
  synchronized int endSessionsOf(long userId, @Nullable Session keep) {
    int ended = 0;
    for (Iterator<Session> i = signedIn.values().iterator(); i.hasNext(); ) {
      Session s = i.next();
      Session.User user = s.user();
      if (s != keep && user != null && user.id() == userId) {
        i.remove();
        ended++;
      }
    }
    return ended;
  }

  /** Forgets a session (sign-out). */
  synchronized void remove(Session session) {
    anonymous.remove(session.id(), session);
    signedIn.remove(session.id(), session);
  }

  synchronized int size() {
    return anonymous.size() + signedIn.size();
  }

  synchronized int anonymousCount() {
    return anonymous.size();
  }

  synchronized int signedInCount() {
    return signedIn.size();
  }

  /** Free signed-in places once {@code old} and {@code ownToEnd} of the user's sessions end. */
  private int roomAfter(Session old, int ownToEnd) {
    int ending = ownToEnd + (signedIn.containsKey(old.id()) ? 1 : 0);
    return limits.signedIn() - signedIn.size() + ending;
  }

  /** The signed-in sessions of a user but {@code except}, least recently seen first. */
  private List<Session> sessionsOf(long userId, Session except) {
    List<Session> own = new ArrayList<>();
    for (Session s : signedIn.values()) {
      Session.User user = s.user();
      if (s != except && user != null && user.id() == userId) {
        own.add(s);
      }
    }
    return own;
  }

  private static void removeExpired(Map<String, Session> pool, Instant now) {
    pool.values().removeIf(s -> expired(s, now));
  }

  private static boolean expired(Session session, Instant now) {
    return !now.isBefore(session.lastSeen().plus(IDLE_TIMEOUT))
        || !now.isBefore(session.created().plus(MAX_AGE));
  }

  private String randomId() {
    byte[] bytes = new byte[ID_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}

package io.github.otpkit.totp.examples.portal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions in memory, keyed by 256-bit random ids from {@link SecureRandom}.
 *
 * <p>A session expires after {@link #IDLE_TIMEOUT} without a request, and in any case
 * {@link #MAX_AGE} after it was created. The store holds at most {@code maxSessions}; when full, it
 * drops expired sessions, then the least recently seen one. Sessions do not survive a restart of
 * the portal (users and their settings do: they are in the database).
 *
 * <p>Thread-safe.
 */
final class SessionStore {
  /** A session is forgotten after this long without a request. */
  static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);

  /** A session is forgotten this long after it began, however active. */
  static final Duration MAX_AGE = Duration.ofHours(12);

  static final int ID_BYTES = 32;

  private final Clock clock;
  private final SecureRandom random;
  private final int maxSessions;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  SessionStore(Clock clock, SecureRandom random, int maxSessions) {
    this.clock = clock;
    this.random = random;
    this.maxSessions = maxSessions;
  }

  /** Starts a new anonymous session. */
  Session create() {
    Instant now = clock.instant();
    if (sessions.size() >= maxSessions) {
      evict(now);
    }
    Session session = new Session(randomId(), randomId(), now);
    sessions.put(session.id(), session);
    return session;
  }

  /** Finds a live session and records the request; expired sessions are removed. */
  Optional<Session> find(String id) {
    Session session = sessions.get(id);
    if (session == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (expired(session, now)) {
      sessions.remove(id, session);
      return Optional.empty();
    }
    session.touch(now);
    return Optional.of(session);
  }

  /**
   * Replaces a session by a new one with a new id and a new CSRF token, before privileges change
   * (sign-in), so that an id fixed or seen before cannot ride along. Nothing is carried over.
   */
  Session rotate(Session old) {
    sessions.remove(old.id(), old);
    return create();
  }

  /** Forgets a session (sign-out). */
  void remove(Session session) {
    sessions.remove(session.id(), session);
  }

  int size() {
    return sessions.size();
  }

  private boolean expired(Session session, Instant now) {
    return !now.isBefore(session.lastSeen().plus(IDLE_TIMEOUT))
        || !now.isBefore(session.created().plus(MAX_AGE));
  }

  private void evict(Instant now) {
    sessions.values().removeIf(s -> expired(s, now));
    while (sessions.size() >= maxSessions) {
      Optional<Session> oldest =
          sessions.values().stream().min(Comparator.comparing(Session::lastSeen));
      if (oldest.isEmpty()) {
        break;
      }
      sessions.remove(oldest.get().id(), oldest.get());
    }
  }

  private String randomId() {
    byte[] bytes = new byte[ID_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}

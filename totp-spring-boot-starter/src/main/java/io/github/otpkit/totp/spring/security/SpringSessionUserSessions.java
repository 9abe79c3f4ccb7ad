package io.github.otpkit.totp.spring.security;

import java.util.Collection;
import java.util.Objects;
import org.springframework.security.core.Authentication;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * Ends a user's other sessions in Spring Session (JDBC, Redis, ...): every session indexed under
 * the user's principal name ({@link Authentication#getName()}) but the kept ones is deleted from
 * the repository, so it is gone at once on every node.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe if the repository is.
 */
public final class SpringSessionUserSessions implements UserSessions {
  private final FindByIndexNameSessionRepository<? extends Session> sessions;

  /**
   * Creates the sessions.
   *
   * @param sessions the application's Spring Session repository
   */
  public SpringSessionUserSessions(FindByIndexNameSessionRepository<? extends Session> sessions) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
  }

  @Override
  public int endOtherSessions(Authentication user, Collection<String> keep) {
    int ended = 0;
    for (String id : sessions.findByPrincipalName(user.getName()).keySet()) {
      if (!keep.contains(id)) {
        sessions.deleteById(id);
        ended++;
      }
    }
    return ended;
  }

  @Override
  public String toString() {
    return "SpringSessionUserSessions[" + sessions.getClass().getSimpleName() + "]";
  }
}

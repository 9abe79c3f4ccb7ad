package io.github.otpkit.totp.spring.security;

import java.util.Collection;
import java.util.Objects;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;

/**
 * Ends a user's other sessions, for example after a change of their second factor: a session opened
 * on another device before two-factor authentication was switched on, or by someone who knew the
 * password, must not stay signed in.
 *
 * <p>The starter publishes one when the application has a {@link SessionRegistry} bean ({@link
 * #sessionRegistry(SessionRegistry)}) or uses Spring Session with a {@code
 * FindByIndexNameSessionRepository} ({@link SpringSessionUserSessions}).
 */
@FunctionalInterface
public interface UserSessions {
  /**
   * Ends every session of a user except the given ones.
   *
   * @param user the user, as signed in
   * @param keep the ids of the sessions to keep (the current one, under its old and new id)
   * @return how many sessions were ended
   */
  int endOtherSessions(Authentication user, Collection<String> keep);

  /**
   * Ends sessions through Spring Security's session registry: they are marked as expired, and
   * Spring Security's {@code ConcurrentSessionFilter} signs them out at their next request. The
   * registry knows a session only if the filter chain registers them, which {@code
   * sessionManagement(s -> s.maximumSessions(-1).sessionRegistry(registry))} does (-1: no limit);
   * publish {@code HttpSessionEventPublisher} as a bean too, so that the registry follows session
   * id changes and ends.
   *
   * @param registry the registry of the filter chain
   * @return the sessions
   */
  static UserSessions sessionRegistry(SessionRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    return (user, keep) -> {
      Object principal = user.getPrincipal();
      if (principal == null) {
        return 0;
      }
      int ended = 0;
      for (SessionInformation session : registry.getAllSessions(principal, false)) {
        if (!keep.contains(session.getSessionId())) {
          session.expireNow();
          ended++;
        }
      }
      return ended;
    };
  }
}

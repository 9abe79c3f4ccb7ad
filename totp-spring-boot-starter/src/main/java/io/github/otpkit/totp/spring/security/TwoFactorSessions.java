package io.github.otpkit.totp.spring.security;

import io.github.otpkit.totp.auth.TwoFactorService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * The session duties of an enrollment controller after the {@link TwoFactorService} accepted a
 * change of the signed-in user's second factor (two-factor authentication switched on, a new phone,
 * new recovery codes, switched off): call {@link #afterFactorChange} in the same request.
 *
 * <p>It gives the current session a new id; adds the {@value TotpFactor#AUTHORITY} factor to the
 * user's authentication if two-factor authentication is now on (the change was proved with a code
 * or a recovery code, so the user has just given the factor) and saves it; and ends the user's
 * other sessions through {@link UserSessions}. The starter publishes it as a bean.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable and thread-safe.
 */
public final class TwoFactorSessions {
  private static final Logger LOG = LoggerFactory.getLogger(TwoFactorSessions.class);

  private final TwoFactorService service;
  private final AccountIdResolver accountIds;
  private final @Nullable UserSessions userSessions;
  private final SecurityContextRepository contexts;
  private final Clock clock;
  private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

  private TwoFactorSessions(
      TwoFactorService service,
      AccountIdResolver accountIds,
      @Nullable UserSessions userSessions,
      SecurityContextRepository contexts,
      Clock clock) {
    this.service = service;
    this.accountIds = accountIds;
    this.userSessions = userSessions;
    this.contexts = contexts;
    this.clock = clock;
  }

  /**
   * Creates the helper with Spring Security's default security context repository (HTTP session and
   * request attribute) and the system clock.
   *
   * @param service the service
   * @param accountIds maps users to account ids
   * @param userSessions ends other sessions, or {@code null} if the application has no way to (then
   *     nothing is ended and every call logs a warning)
   * @return the helper
   */
  public static TwoFactorSessions create(
      TwoFactorService service, AccountIdResolver accountIds, @Nullable UserSessions userSessions) {
    return new TwoFactorSessions(
        Objects.requireNonNull(service, "service"),
        Objects.requireNonNull(accountIds, "accountIds"),
        userSessions,
        new DelegatingSecurityContextRepository(
            new HttpSessionSecurityContextRepository(),
            new RequestAttributeSecurityContextRepository()),
        Clock.systemUTC());
  }

  /**
   * Returns a copy that saves the security context in another repository, the one of the
   * application's filter chain if it is not the default.
   *
   * @param repository the repository
   * @return a new helper
   */
  public TwoFactorSessions withSecurityContextRepository(SecurityContextRepository repository) {
    return new TwoFactorSessions(
        service, accountIds, userSessions, Objects.requireNonNull(repository, "repository"), clock);
  }

  /**
   * Returns a copy that stamps the factor with another clock (the service's, in tests).
   *
   * @param newClock the clock
   * @return a new helper
   */
  public TwoFactorSessions withClock(Clock newClock) {
    return new TwoFactorSessions(
        service, accountIds, userSessions, contexts, Objects.requireNonNull(newClock, "newClock"));
  }

  /**
   * Does the session work after a change of the current user's second factor; call it only when the
   * service has accepted the change in this request.
   *
   * @param request the current request
   * @param response the current response
   * @return how many other sessions of the user were ended
   * @throws IllegalStateException if nobody is signed in
   * @throws io.github.otpkit.totp.store.StateStoreException if the store fails
   */
  public int afterFactorChange(HttpServletRequest request, HttpServletResponse response) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(response, "response");
    SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
    Authentication user = holder.getContext().getAuthentication();
    if (user == null || !trust.isAuthenticated(user)) {
      throw new IllegalStateException("afterFactorChange needs a signed-in user");
    }
    Authentication next = user;
    if (!TotpFactor.isPresent(user) && service.status(accountIds.accountId(user)).enabled()) {
      next = TotpFactor.grant(user, clock.instant());
    }
    Set<String> keep = new LinkedHashSet<>();
    HttpSession session = request.getSession(false);
    if (session != null) {
      keep.add(session.getId());
      keep.add(request.changeSessionId());
    }
    SecurityContext context = holder.createEmptyContext();
    context.setAuthentication(next);
    holder.setContext(context);
    contexts.saveContext(context, request, response);
    HttpSession saved = request.getSession(false);
    if (saved != null) {
      keep.add(saved.getId());
    }
    UserSessions sessions = userSessions;
    if (sessions == null) {
      LOG.warn(
          "The user's other sessions were not ended after a change of their second factor: publish"
              + " a SessionRegistry bean (with sessionManagement(s -> s.maximumSessions(-1)"
              + ".sessionRegistry(registry))) or use Spring Session");
      return 0;
    }
    return sessions.endOtherSessions(next, keep);
  }

  @Override
  public String toString() {
    return "TwoFactorSessions[" + (userSessions == null ? "no UserSessions" : userSessions) + "]";
  }
}

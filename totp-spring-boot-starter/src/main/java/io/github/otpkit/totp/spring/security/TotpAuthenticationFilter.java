package io.github.otpkit.totp.spring.security;

import io.github.otpkit.totp.auth.TwoFactorService;
import io.github.otpkit.totp.auth.VerificationResult;
import io.github.otpkit.totp.crypto.SecretDecryptionException;
import io.github.otpkit.totp.store.StateStoreException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks the code (or recovery code) that a half-signed-in user posts, through the {@link
 * TwoFactorService} (replay protection, throttling and its messages included), and on success adds
 * the {@value TotpFactor#AUTHORITY} factor to the user's authentication, gives the session a new id
 * (the application's session authentication strategy: new id, new CSRF token, session registry) and
 * saves the security context.
 *
 * <p>Runs after Spring Security's CSRF filter, so the posts are CSRF-protected like any other.
 */
final class TotpAuthenticationFilter extends OncePerRequestFilter {
  private static final Logger LOG = LoggerFactory.getLogger(TotpAuthenticationFilter.class);

  /** Everything the filter needs, collected by {@link TotpFactorConfigurer}. */
  record Settings(
      TwoFactorService service,
      AccountIdResolver accountIds,
      RequestMatcher codeProcessing,
      RequestMatcher recoveryCodeProcessing,
      SecurityContextHolderStrategy contextHolder,
      SecurityContextRepository contextRepository,
      SessionAuthenticationStrategy sessionStrategy,
      AuthenticationSuccessHandler successHandler,
      AuthenticationFailureHandler codeFailureHandler,
      AuthenticationFailureHandler recoveryCodeFailureHandler,
      Clock clock,
      @Nullable ApplicationEventPublisher events) {}

  private final Settings settings;
  private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

  TotpAuthenticationFilter(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    boolean code = settings.codeProcessing().matches(request);
    boolean recoveryCode = !code && settings.recoveryCodeProcessing().matches(request);
    Authentication current = settings.contextHolder().getContext().getAuthentication();
    if ((!code && !recoveryCode) || current == null || !trust.isAuthenticated(current)) {
      // Not a second-factor post, or nobody has given a first factor: the application's own
      // rules decide (usually: to the login page).
      chain.doFilter(request, response);
      return;
    }
    AuthenticationFailureHandler failure =
        code ? settings.codeFailureHandler() : settings.recoveryCodeFailureHandler();
    String parameter = code ? TotpPages.CODE_PARAMETER : TotpPages.RECOVERY_CODE_PARAMETER;
    String input = Objects.requireNonNullElse(request.getParameter(parameter), "");
    VerificationResult result;
    try {
      String accountId = settings.accountIds().accountId(current);
      result =
          code
              ? settings.service().verify(accountId, input)
              : settings.service().useRecoveryCode(accountId, input);
    } catch (StateStoreException | SecretDecryptionException e) {
      // Fails closed; the message names the failure, never a code or a secret.
      LOG.error("Second factor not checked: {}", e.getMessage());
      failure.onAuthenticationFailure(request, response, TotpAuthenticationException.unavailable());
      return;
    } catch (IllegalArgumentException e) {
      // An account id the service refuses (empty or too long) cannot have 2FA on.
      result = new VerificationResult.NotEnabled();
    }
    if (result.isAccepted()) {
      succeed(request, response, current, failure);
    } else if (result.kind() == VerificationResult.Kind.NOT_ENABLED) {
      // Two-factor authentication is off for this account (maybe switched off meanwhile): the
      // first factor is all it needs, and nothing was proved, so no factor is added.
      settings.successHandler().onAuthenticationSuccess(request, response, current);
    } else {
      failure.onAuthenticationFailure(
          request, response, TotpAuthenticationException.refused(result));
    }
  }

  private void succeed(
      HttpServletRequest request,
      HttpServletResponse response,
      Authentication current,
      AuthenticationFailureHandler failure)
      throws IOException, ServletException {
    Authentication next = TotpFactor.grant(current, settings.clock().instant());
    try {
      settings.sessionStrategy().onAuthentication(next, request, response);
    } catch (AuthenticationException e) {
      // For example a maximum number of sessions: the factor is not granted.
      failure.onAuthenticationFailure(request, response, e);
      return;
    }
    SecurityContextHolderStrategy holder = settings.contextHolder();
    SecurityContext context = holder.createEmptyContext();
    context.setAuthentication(next);
    holder.setContext(context);
    settings.contextRepository().saveContext(context, request, response);
    ApplicationEventPublisher events = settings.events();
    if (events != null) {
      events.publishEvent(new InteractiveAuthenticationSuccessEvent(next, getClass()));
    }
    settings.successHandler().onAuthenticationSuccess(request, response, next);
  }
}

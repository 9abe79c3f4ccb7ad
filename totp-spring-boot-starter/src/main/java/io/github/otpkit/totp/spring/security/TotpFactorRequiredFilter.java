package io.github.otpkit.totp.spring.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.FactorAuthorizationDecision;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a half-signed-in user (first factor given, two-factor authentication on, TOTP factor
 * missing) away from everything but the second-factor pages, whatever the application's own
 * authorization rules say, including pages that they permit to everyone. Sits right before Spring
 * Security's authorization filter; a refusal is an {@link AuthorizationDeniedException} whose
 * {@link FactorAuthorizationDecision} names the missing factor, which the exception translation
 * filter sends to the code page (after saving the request, to return to it).
 */
final class TotpFactorRequiredFilter extends OncePerRequestFilter {
  private final TotpFactorAuthorizationManager<HttpServletRequest> requirement;
  private final RequestMatcher allowedBeforeFactor;
  private final SecurityContextHolderStrategy contextHolder;

  TotpFactorRequiredFilter(
      TotpFactorAuthorizationManager<HttpServletRequest> requirement,
      RequestMatcher allowedBeforeFactor,
      SecurityContextHolderStrategy contextHolder) {
    this.requirement = requirement;
    this.allowedBeforeFactor = allowedBeforeFactor;
    this.contextHolder = contextHolder;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!allowedBeforeFactor.matches(request)) {
      FactorAuthorizationDecision decision =
          requirement.authorize(() -> contextHolder.getContext().getAuthentication(), request);
      if (!decision.isGranted()) {
        throw new AuthorizationDeniedException(
            "The " + TotpFactor.AUTHORITY + " factor is required", decision);
      }
    }
    chain.doFilter(request, response);
  }
}

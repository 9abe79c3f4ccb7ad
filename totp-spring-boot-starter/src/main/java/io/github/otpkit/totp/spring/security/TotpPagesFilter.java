package io.github.otpkit.totp.spring.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves the default code page and recovery-code page (GET), like Spring Security's default login
 * page: only to a user who has given the first factor and must still give the TOTP factor. Anyone
 * else goes on down the chain (not signed in: the application's rules decide) or is sent to the
 * default target (nothing left to prove). Each page is sent with {@code Cache-Control: no-store}
 * and a strict Content-Security-Policy.
 */
final class TotpPagesFilter extends OncePerRequestFilter {
  /** What the filter serves and where its forms go, collected by {@link TotpFactorConfigurer}. */
  record Settings(
      @Nullable RequestMatcher codePage,
      @Nullable RequestMatcher recoveryCodePage,
      String codePageUrl,
      String codeProcessingUrl,
      String recoveryCodePageUrl,
      String recoveryCodeProcessingUrl,
      String logoutUrl,
      String defaultTargetUrl,
      TotpFactorAuthorizationManager<?> requirement,
      SecurityContextHolderStrategy contextHolder,
      RedirectStrategy redirects) {}

  private final Settings settings;
  private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

  TotpPagesFilter(Settings settings) {
    this.settings = settings;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    RequestMatcher codePage = settings.codePage();
    RequestMatcher recoveryCodePage = settings.recoveryCodePage();
    boolean code = codePage != null && codePage.matches(request);
    boolean recoveryCode = !code && recoveryCodePage != null && recoveryCodePage.matches(request);
    Authentication user = settings.contextHolder().getContext().getAuthentication();
    if ((!code && !recoveryCode) || !trust.isAuthenticated(user)) {
      chain.doFilter(request, response);
      return;
    }
    if (!settings.requirement().isRequired(user)) {
      settings.redirects().sendRedirect(request, response, settings.defaultTargetUrl());
      return;
    }
    String context = request.getContextPath();
    CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
    String error = takeError(request);
    String page =
        code
            ? TotpPages.codePage(
                context + settings.codeProcessingUrl(),
                context + settings.recoveryCodePageUrl(),
                context + settings.logoutUrl(),
                csrf,
                error)
            : TotpPages.recoveryCodePage(
                context + settings.recoveryCodeProcessingUrl(),
                context + settings.codePageUrl(),
                context + settings.logoutUrl(),
                csrf,
                error);
    byte[] body = page.getBytes(StandardCharsets.UTF_8);
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    response.setHeader("Content-Security-Policy", TotpPages.CONTENT_SECURITY_POLICY);
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** The message of the last refusal, shown once (after the redirect to {@code ?error}). */
  private static @Nullable String takeError(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return null;
    }
    Object failure = session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
    if (!(failure instanceof TotpAuthenticationException refused)) {
      return null;
    }
    session.removeAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
    return refused.getMessage();
  }
}

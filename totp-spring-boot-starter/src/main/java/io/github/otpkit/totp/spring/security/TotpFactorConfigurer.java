package io.github.otpkit.totp.spring.security;

import io.github.otpkit.totp.auth.TwoFactorService;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.HttpSecurityBuilder;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.session.ConcurrentSessionFilter;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Adds the TOTP factor to a Spring Security filter chain: after the first factor (form login, for
 * example), a user who has two-factor authentication on must enter the code of their authenticator
 * app, or one of their recovery codes, before reaching anything else; a user without it goes on
 * with the first factor alone.
 *
 * <pre>{@code
 * http.formLogin(Customizer.withDefaults())
 *     .with(TotpFactorConfigurer.totpFactor(), Customizer.withDefaults());
 * }</pre>
 *
 * <h2>What it adds</h2>
 *
 * <ul>
 *   <li>A check before Spring Security's authorization filter: a half-signed-in user (first factor
 *       given, two-factor authentication on, {@value TotpFactor#AUTHORITY} missing) reaches only
 *       the second-factor pages and the paths of {@link #permitBeforeFactor(String...)}; any other
 *       request is refused with the missing factor, and the exception handling sends the user to
 *       the code page, remembering the request. See {@link TotpFactorAuthorizationManager}.
 *   <li>The form posts ({@value #DEFAULT_CODE_PAGE} and {@value #DEFAULT_RECOVERY_CODE_PAGE}, POST,
 *       CSRF-protected): the code or recovery code goes to {@link TwoFactorService#verify} or
 *       {@link TwoFactorService#useRecoveryCode} (replay protection, throttling); when accepted,
 *       the {@value TotpFactor#AUTHORITY} factor joins the user's authentication, the session gets
 *       a new id (the filter chain's session authentication strategy), the security context is
 *       saved and the user goes back to the saved request; when refused, back to the form with the
 *       result's message.
 *   <li>Default pages for both forms (GET, same URLs), like Spring Security's default login page:
 *       plain and accessible, CSRF token, {@code Cache-Control: no-store}, a strict
 *       Content-Security-Policy; replaced by the application's own pages with {@link
 *       #codePage(String)} and {@link #recoveryCodePage(String)}.
 * </ul>
 *
 * <p>The {@link TwoFactorService} and the {@link AccountIdResolver} come from the application
 * context (the starter's auto-configuration publishes them) unless set here. Enrollment (turning
 * two-factor authentication on, new recovery codes, a new phone, turning it off) stays in the
 * application's own controllers: this configurer registers no endpoint besides the two forms.
 *
 * <p>Mutable, not thread-safe; used once while the filter chain is built.
 *
 * @param <H> the builder, {@link HttpSecurity}
 */
public final class TotpFactorConfigurer<H extends HttpSecurityBuilder<H>>
    extends AbstractHttpConfigurer<TotpFactorConfigurer<H>, H> {
  /** Where the code page is served and its form posted by default: {@value}. */
  public static final String DEFAULT_CODE_PAGE = "/login/totp";

  /** Where the recovery-code page is served and its form posted by default: {@value}. */
  public static final String DEFAULT_RECOVERY_CODE_PAGE = "/login/totp/recovery";

  private String codePage = DEFAULT_CODE_PAGE;
  private String recoveryCodePage = DEFAULT_RECOVERY_CODE_PAGE;
  private String codeProcessingUrl = DEFAULT_CODE_PAGE;
  private String recoveryCodeProcessingUrl = DEFAULT_RECOVERY_CODE_PAGE;
  private boolean defaultCodePage = true;
  private boolean defaultRecoveryCodePage = true;
  private String defaultTargetUrl = "/";
  private String logoutUrl = "/logout";
  private final List<String> permittedBeforeFactor = new ArrayList<>();
  private @Nullable TwoFactorService service;
  private @Nullable AccountIdResolver accountIds;
  private @Nullable AuthenticationSuccessHandler successHandler;
  private @Nullable AuthenticationFailureHandler codeFailureHandler;
  private @Nullable AuthenticationFailureHandler recoveryCodeFailureHandler;

  /** Creates a configurer with the defaults; prefer {@link #totpFactor()}. */
  public TotpFactorConfigurer() {}

  /**
   * Creates a configurer for {@link HttpSecurity#with}.
   *
   * @return a new configurer with the defaults
   */
  public static TotpFactorConfigurer<HttpSecurity> totpFactor() {
    return new TotpFactorConfigurer<>();
  }

  /**
   * Uses the application's own code page instead of the default one: the page (GET) is the
   * application's, and it posts a field named {@code code} (and the CSRF token) to {@link
   * #codeProcessingUrl(String)}. After a refusal the user comes back to {@code page + "?error"},
   * with the {@link TotpAuthenticationException} in the session attribute {@code
   * WebAttributes.AUTHENTICATION_EXCEPTION}.
   *
   * @param page the page's path, e.g. {@code /two-factor}
   * @return this configurer
   */
  public TotpFactorConfigurer<H> codePage(String page) {
    this.codePage = checkPath(page, "page");
    this.defaultCodePage = false;
    return this;
  }

  /**
   * Uses the application's own recovery-code page; it posts a field named {@code recovery_code} to
   * {@link #recoveryCodeProcessingUrl(String)}.
   *
   * @param page the page's path
   * @return this configurer
   */
  public TotpFactorConfigurer<H> recoveryCodePage(String page) {
    this.recoveryCodePage = checkPath(page, "page");
    this.defaultRecoveryCodePage = false;
    return this;
  }

  /**
   * Sets where the code is posted; default {@value #DEFAULT_CODE_PAGE}.
   *
   * @param url the path
   * @return this configurer
   */
  public TotpFactorConfigurer<H> codeProcessingUrl(String url) {
    this.codeProcessingUrl = checkPath(url, "url");
    return this;
  }

  /**
   * Sets where the recovery code is posted; default {@value #DEFAULT_RECOVERY_CODE_PAGE}.
   *
   * @param url the path
   * @return this configurer
   */
  public TotpFactorConfigurer<H> recoveryCodeProcessingUrl(String url) {
    this.recoveryCodeProcessingUrl = checkPath(url, "url");
    return this;
  }

  /**
   * Sets where a user goes after the second factor when no request was saved; default {@code /}.
   *
   * @param url the path
   * @return this configurer
   */
  public TotpFactorConfigurer<H> defaultSuccessUrl(String url) {
    this.defaultTargetUrl = checkPath(url, "url");
    return this;
  }

  /**
   * Sets where the default pages' "Sign out" button posts; default {@code /logout}, Spring
   * Security's logout URL.
   *
   * @param url the path
   * @return this configurer
   */
  public TotpFactorConfigurer<H> logoutUrl(String url) {
    this.logoutUrl = checkPath(url, "url");
    return this;
  }

  /**
   * Lets half-signed-in users reach more paths than the second-factor pages, for example the style
   * sheets of the application's own code page ({@code /css/**}). Keep the list short: everything
   * here is reachable with the password alone.
   *
   * @param pathPatterns path patterns, as in {@code requestMatchers(...)}
   * @return this configurer
   */
  public TotpFactorConfigurer<H> permitBeforeFactor(String... pathPatterns) {
    for (String pattern : Objects.requireNonNull(pathPatterns, "pathPatterns")) {
      permittedBeforeFactor.add(checkPath(pattern, "pathPattern"));
    }
    return this;
  }

  /**
   * Sets the service; by default the {@link TwoFactorService} bean.
   *
   * @param twoFactorService the service
   * @return this configurer
   */
  public TotpFactorConfigurer<H> service(TwoFactorService twoFactorService) {
    this.service = Objects.requireNonNull(twoFactorService, "twoFactorService");
    return this;
  }

  /**
   * Sets how users map to account ids; by default the {@link AccountIdResolver} bean, else the
   * principal's name.
   *
   * @param resolver the resolver
   * @return this configurer
   */
  public TotpFactorConfigurer<H> accountIdResolver(AccountIdResolver resolver) {
    this.accountIds = Objects.requireNonNull(resolver, "resolver");
    return this;
  }

  /**
   * Sets what happens after an accepted code; by default back to the saved request, else to {@link
   * #defaultSuccessUrl(String)}.
   *
   * @param handler the handler
   * @return this configurer
   */
  public TotpFactorConfigurer<H> successHandler(AuthenticationSuccessHandler handler) {
    this.successHandler = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /**
   * Sets what happens after a refused code; by default a redirect to the code page with {@code
   * ?error}. The exception is a {@link TotpAuthenticationException}.
   *
   * @param handler the handler
   * @return this configurer
   */
  public TotpFactorConfigurer<H> codeFailureHandler(AuthenticationFailureHandler handler) {
    this.codeFailureHandler = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /**
   * Sets what happens after a refused recovery code; by default a redirect to the recovery-code
   * page with {@code ?error}.
   *
   * @param handler the handler
   * @return this configurer
   */
  public TotpFactorConfigurer<H> recoveryCodeFailureHandler(AuthenticationFailureHandler handler) {
    this.recoveryCodeFailureHandler = Objects.requireNonNull(handler, "handler");
    return this;
  }

  @Override
  public void init(H http) {
    // Spring Security's way to ask for a missing factor (as for one-time tokens and passkeys): a
    // refusal that names FACTOR_TOTP sends the user to the code page.
    @SuppressWarnings("unchecked")
    ExceptionHandlingConfigurer<H> exceptions =
        http.getConfigurer(ExceptionHandlingConfigurer.class);
    if (exceptions != null) {
      LoginUrlAuthenticationEntryPoint entryPoint = new LoginUrlAuthenticationEntryPoint(codePage);
      exceptions.defaultDeniedHandlerForMissingAuthority(
          ep -> ep.defaultEntryPoint(entryPoint), TotpFactor.AUTHORITY);
    }
  }

  @Override
  public void configure(H http) {
    ApplicationContext context = http.getSharedObject(ApplicationContext.class);
    TwoFactorService twoFactor = service != null ? service : requireBean(context);
    AccountIdResolver resolver = accountIds;
    if (resolver == null) {
      resolver =
          context == null
              ? AccountIdResolver.principalName()
              : context
                  .getBeanProvider(AccountIdResolver.class)
                  .getIfAvailable(AccountIdResolver::principalName);
    }
    Clock clock =
        context == null
            ? Clock.systemUTC()
            : context.getBeanProvider(Clock.class).getIfUnique(Clock::systemUTC);
    TotpFactorAuthorizationManager<HttpServletRequest> requirement =
        TotpFactorAuthorizationManager.create(twoFactor, resolver);

    SessionAuthenticationStrategy sessions =
        http.getSharedObject(SessionAuthenticationStrategy.class);
    if (sessions == null) {
      // Session management is off; the session id must change after the factor all the same.
      sessions = new ChangeSessionIdAuthenticationStrategy();
    }
    SecurityContextRepository contexts = http.getSharedObject(SecurityContextRepository.class);
    if (contexts == null) {
      contexts =
          new DelegatingSecurityContextRepository(
              new HttpSessionSecurityContextRepository(),
              new RequestAttributeSecurityContextRepository());
    }
    RequestCache requestCache = http.getSharedObject(RequestCache.class);
    AuthenticationSuccessHandler success = successHandler;
    if (success == null) {
      SavedRequestAwareAuthenticationSuccessHandler saved =
          new SavedRequestAwareAuthenticationSuccessHandler();
      saved.setDefaultTargetUrl(defaultTargetUrl);
      saved.setRequestCache(requestCache != null ? requestCache : new HttpSessionRequestCache());
      success = saved;
    }
    AuthenticationFailureHandler codeFailure =
        codeFailureHandler != null
            ? codeFailureHandler
            : new SimpleUrlAuthenticationFailureHandler(codePage + "?error");
    AuthenticationFailureHandler recoveryCodeFailure =
        recoveryCodeFailureHandler != null
            ? recoveryCodeFailureHandler
            : new SimpleUrlAuthenticationFailureHandler(recoveryCodePage + "?error");

    PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
    TotpAuthenticationFilter processing =
        new TotpAuthenticationFilter(
            new TotpAuthenticationFilter.Settings(
                twoFactor,
                resolver,
                paths.matcher(HttpMethod.POST, codeProcessingUrl),
                paths.matcher(HttpMethod.POST, recoveryCodeProcessingUrl),
                getSecurityContextHolderStrategy(),
                contexts,
                sessions,
                success,
                codeFailure,
                recoveryCodeFailure,
                clock,
                context));
    TotpPagesFilter pages =
        new TotpPagesFilter(
            new TotpPagesFilter.Settings(
                defaultCodePage ? paths.matcher(HttpMethod.GET, codePage) : null,
                defaultRecoveryCodePage ? paths.matcher(HttpMethod.GET, recoveryCodePage) : null,
                codePage,
                codeProcessingUrl,
                recoveryCodePage,
                recoveryCodeProcessingUrl,
                logoutUrl,
                defaultTargetUrl,
                requirement,
                getSecurityContextHolderStrategy(),
                new DefaultRedirectStrategy()));
    List<RequestMatcher> allowed = new ArrayList<>();
    for (String path :
        List.of(codePage, recoveryCodePage, codeProcessingUrl, recoveryCodeProcessingUrl)) {
      allowed.add(paths.matcher(path));
    }
    for (String pattern : permittedBeforeFactor) {
      allowed.add(paths.matcher(pattern));
    }
    TotpFactorRequiredFilter required =
        new TotpFactorRequiredFilter(
            requirement, new OrRequestMatcher(allowed), getSecurityContextHolderStrategy());

    // After the session-expiry check, so that a session ended elsewhere cannot finish signing in.
    http.addFilterAfter(postProcess(processing), ConcurrentSessionFilter.class);
    http.addFilterAfter(postProcess(pages), ConcurrentSessionFilter.class);
    http.addFilterBefore(postProcess(required), AuthorizationFilter.class);
  }

  private static TwoFactorService requireBean(@Nullable ApplicationContext context) {
    if (context == null || context.getBeanNamesForType(TwoFactorService.class).length == 0) {
      throw new IllegalStateException(
          "TotpFactorConfigurer needs a TwoFactorService: add totp-spring-boot-starter's"
              + " auto-configuration (a Spring Boot application gets it from the starter), publish"
              + " a TwoFactorService bean, or call service(...)");
    }
    return context.getBean(TwoFactorService.class);
  }

  private static String checkPath(String path, String name) {
    Objects.requireNonNull(path, name);
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException(name + " must start with '/' but was " + path);
    }
    return path;
  }
}

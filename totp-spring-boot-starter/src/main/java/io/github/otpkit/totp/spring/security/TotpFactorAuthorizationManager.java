package io.github.otpkit.totp.spring.security;

import io.github.otpkit.totp.auth.TwoFactorService;
import io.github.otpkit.totp.store.AccountStateStore;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.FactorAuthorizationDecision;
import org.springframework.security.authorization.RequiredFactor;
import org.springframework.security.authorization.RequiredFactorError;
import org.springframework.security.core.Authentication;

/**
 * Requires the {@link TotpFactor#AUTHORITY} factor only from users who have two-factor
 * authentication on; everyone else passes, so that users without it sign in with their password
 * alone. Spring Security 7's {@code @EnableMultiFactorAuthentication(authorities = ...)} requires a
 * factor from every user; this is the per-user condition that TOTP needs.
 *
 * <p>It is an additional check, to combine with the application's rules: anonymous requests pass
 * (the application's rules decide about them), and so do users who carry the factor already. For a
 * signed-in user without the factor it asks the {@link TwoFactorService} whether two-factor
 * authentication is on for the account: one read of the store per request of such a user (a user
 * without two-factor authentication, or one who has given only the password so far), like Spring
 * Security's own condition for users who registered a passkey. If the store fails, the exception
 * propagates and the request fails closed.
 *
 * <p>A refusal is a {@link FactorAuthorizationDecision} with a missing {@link RequiredFactor} for
 * {@value TotpFactor#AUTHORITY}, which Spring Security's {@code
 * DelegatingMissingAuthorityAccessDeniedHandler} turns into a redirect to the code page. {@link
 * TotpFactorConfigurer} applies it to every request; to apply it to method security as well,
 * publish a {@code DefaultAuthorizationManagerFactory} whose {@code additionalAuthorization} is
 * this manager.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable and thread-safe.
 *
 * @param <T> the type of the secured object
 */
public final class TotpFactorAuthorizationManager<T> implements AuthorizationManager<T> {
  private static final RequiredFactor REQUIRED =
      RequiredFactor.withAuthority(TotpFactor.AUTHORITY).build();

  private final TwoFactorService service;
  private final AccountIdResolver accountIds;
  private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

  private TotpFactorAuthorizationManager(TwoFactorService service, AccountIdResolver accountIds) {
    this.service = service;
    this.accountIds = accountIds;
  }

  /**
   * Creates the manager.
   *
   * @param service the service that knows whether an account has two-factor authentication on
   * @param accountIds maps a user to an account id
   * @param <T> the type of the secured object
   * @return the manager
   */
  public static <T> TotpFactorAuthorizationManager<T> create(
      TwoFactorService service, AccountIdResolver accountIds) {
    return new TotpFactorAuthorizationManager<>(
        Objects.requireNonNull(service, "service"),
        Objects.requireNonNull(accountIds, "accountIds"));
  }

  /**
   * Grants unless the user must still prove the TOTP factor.
   *
   * @param authentication the current user
   * @param object the secured object (not used)
   * @return granted, or denied with {@value TotpFactor#AUTHORITY} as the missing factor
   */
  @Override
  public FactorAuthorizationDecision authorize(
      Supplier<? extends @Nullable Authentication> authentication, T object) {
    return isRequired(authentication.get())
        ? new FactorAuthorizationDecision(List.of(RequiredFactorError.createMissing(REQUIRED)))
        : new FactorAuthorizationDecision(List.of());
  }

  /**
   * Tells whether a user must still prove the TOTP factor: signed in (not anonymous), without the
   * factor, and with two-factor authentication on.
   *
   * @param authentication the user, or {@code null}
   * @return {@code true} if the user must enter a code or a recovery code before going on
   * @throws io.github.otpkit.totp.store.StateStoreException if the store fails
   */
  public boolean isRequired(@Nullable Authentication authentication) {
    if (!trust.isAuthenticated(authentication) || TotpFactor.isPresent(authentication)) {
      return false;
    }
    String accountId = accountIds.accountId(Objects.requireNonNull(authentication));
    if (!isValidAccountId(accountId)) {
      // The service refuses such ids everywhere, so two-factor authentication cannot be on.
      return false;
    }
    return service.status(accountId).enabled();
  }

  private static boolean isValidAccountId(@Nullable String accountId) {
    return accountId != null
        && !accountId.isEmpty()
        && accountId.length() <= AccountStateStore.MAX_ACCOUNT_ID_LENGTH;
  }

  @Override
  public String toString() {
    return "TotpFactorAuthorizationManager[requires " + TotpFactor.AUTHORITY + " when 2FA is on]";
  }
}

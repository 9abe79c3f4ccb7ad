package io.github.otpkit.totp.spring.security;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * The TOTP factor of Spring Security's multi-factor authentication: the {@link
 * FactorGrantedAuthority} {@value #AUTHORITY} that an {@link Authentication} carries once the user
 * has typed a correct code from their authenticator app, or one of their recovery codes, after the
 * first factor (usually a password).
 *
 * <p>Use the constant in authorization rules like Spring Security's own factors, for example {@code
 * hasAllAuthorities(FactorGrantedAuthority.PASSWORD_AUTHORITY, TotpFactor.AUTHORITY)} for a page
 * that every user must reach with both factors. {@link TotpFactorConfigurer} requires it only from
 * users who have two-factor authentication on.
 */
public final class TotpFactor {
  /** The factor's name, as {@link FactorGrantedAuthority#withFactor(String)} takes it: {@value}. */
  public static final String FACTOR = "TOTP";

  /** The authority that proves the factor: {@value}. */
  public static final String AUTHORITY = "FACTOR_" + FACTOR;

  private TotpFactor() {}

  /**
   * Creates the factor's authority.
   *
   * @param issuedAt when the code or recovery code was accepted
   * @return a {@link FactorGrantedAuthority} for {@value #AUTHORITY}
   */
  public static FactorGrantedAuthority authority(Instant issuedAt) {
    Objects.requireNonNull(issuedAt, "issuedAt");
    return FactorGrantedAuthority.withAuthority(AUTHORITY).issuedAt(issuedAt).build();
  }

  /**
   * Tells whether an authentication carries the factor.
   *
   * @param authentication the authentication, or {@code null}
   * @return {@code true} if one of its authorities is {@value #AUTHORITY}
   */
  public static boolean isPresent(@Nullable Authentication authentication) {
    if (authentication == null) {
      return false;
    }
    for (GrantedAuthority authority : authentication.getAuthorities()) {
      if (AUTHORITY.equals(authority.getAuthority())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns a copy of an authentication with the factor added (an older one is replaced), keeping
   * the principal, the details and every other authority, as Spring Security does when a user
   * proves a further factor.
   *
   * @param authentication the authentication of the first factor
   * @param issuedAt when the code or recovery code was accepted
   * @return the new authentication
   */
  public static Authentication grant(Authentication authentication, Instant issuedAt) {
    Objects.requireNonNull(authentication, "authentication");
    FactorGrantedAuthority factor = authority(issuedAt);
    return authentication.toBuilder()
        .authorities(
            authorities -> {
              authorities.removeIf(a -> AUTHORITY.equals(a.getAuthority()));
              authorities.add(factor);
            })
        .build();
  }
}

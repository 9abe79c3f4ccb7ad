package io.github.otpkit.totp.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.auth.VerificationResult;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

class TotpFactorTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:05Z");

  @Test
  void authority_isSpringSecuritysSpellingOfTheTotpFactor() {
    assertThat(TotpFactor.AUTHORITY)
        .isEqualTo("FACTOR_TOTP")
        .isEqualTo(FactorGrantedAuthority.withFactor(TotpFactor.FACTOR).build().getAuthority());
    assertThat(TotpFactor.authority(T0).getIssuedAt()).isEqualTo(T0);
  }

  @Test
  void grant_keepsPrincipalDetailsAndAuthorities_replacesAnOlderFactor() {
    UsernamePasswordAuthenticationToken password =
        UsernamePasswordAuthenticationToken.authenticated(
            "alice",
            null,
            List.of(
                FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY),
                new SimpleGrantedAuthority("ROLE_USER")));
    password.setDetails("details");

    Authentication once = TotpFactor.grant(password, T0);
    Authentication twice = TotpFactor.grant(once, T0.plusSeconds(60));

    assertThat(TotpFactor.isPresent(password)).isFalse();
    assertThat(TotpFactor.isPresent(twice)).isTrue();
    assertThat(twice.getName()).isEqualTo("alice");
    assertThat(twice.getDetails()).isEqualTo("details");
    assertThat(twice.isAuthenticated()).isTrue();
    assertThat(twice.getAuthorities())
        .extracting(GrantedAuthority::getAuthority)
        .containsExactlyInAnyOrder("FACTOR_PASSWORD", "ROLE_USER", "FACTOR_TOTP");
    assertThat(
            twice.getAuthorities().stream()
                .filter(FactorGrantedAuthority.class::isInstance)
                .map(FactorGrantedAuthority.class::cast)
                .filter(a -> a.getAuthority().equals("FACTOR_TOTP"))
                .map(FactorGrantedAuthority::getIssuedAt))
        .containsExactly(T0.plusSeconds(60));
  }

  @Test
  void isPresent_null_false() {
    assertThat(TotpFactor.isPresent(null)).isFalse();
  }

  @Test
  void authenticationException_carriesTheResultsMessageAndKindOnly() {
    TotpAuthenticationException replay =
        TotpAuthenticationException.refused(
            new VerificationResult.AlreadyUsed(VerificationResult.Proof.CODE));

    assertThat(replay).hasMessage("This code was already used. Wait for the next one.");
    assertThat(replay.kind()).contains(VerificationResult.Kind.ALREADY_USED);
    assertThat(TotpAuthenticationException.unavailable())
        .hasMessage("Your code could not be checked right now. Try again in a moment.");
    assertThat(TotpAuthenticationException.unavailable().kind()).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TotpAuthenticationException.refused(VerificationResult.Accepted.code(5, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an accepted result is not a refusal");
  }
}

package io.github.otpkit.totp.spring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.auth.TwoFactorService;
import io.github.otpkit.totp.crypto.EncryptionKey;
import io.github.otpkit.totp.crypto.SecretCipher;
import io.github.otpkit.totp.spring.Authenticator;
import io.github.otpkit.totp.store.InMemoryStore;
import io.github.otpkit.totp.test.TestClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.RememberMeAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.FactorAuthorizationDecision;
import org.springframework.security.authorization.RequiredFactorError;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.FactorGrantedAuthority;

class TotpFactorAuthorizationManagerTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:05Z");

  private final TestClock clock = TestClock.at(T0);
  private final InMemoryStore store = InMemoryStore.create();
  private final TwoFactorService service =
      TwoFactorService.builder(store, SecretCipher.create(EncryptionKey.generate("k")))
          .issuer("Test")
          .clock(clock)
          .build();
  private final TotpFactorAuthorizationManager<Object> manager =
      TotpFactorAuthorizationManager.create(service, AccountIdResolver.principalName());

  private static Authentication password(String name) {
    return UsernamePasswordAuthenticationToken.authenticated(
        name,
        null,
        List.of(
            FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY),
            AuthorityUtils.createAuthorityList("ROLE_USER").get(0)));
  }

  @Test
  void userWithTwoFactorOn_withoutTheFactor_deniedWithTheMissingFactor() {
    Authenticator.enable(service, "alice", clock);

    FactorAuthorizationDecision decision = manager.authorize(() -> password("alice"), new Object());

    assertThat(decision.isGranted()).isFalse();
    assertThat(decision.getFactorErrors()).hasSize(1);
    RequiredFactorError error = decision.getFactorErrors().get(0);
    assertThat(error.isMissing()).isTrue();
    assertThat(error.getRequiredFactor().getAuthority()).isEqualTo("FACTOR_TOTP");
  }

  @Test
  void userWithTwoFactorOn_withTheFactor_granted_withoutAStoreRead() {
    Authenticator.enable(service, "alice", clock);
    Authentication both = TotpFactor.grant(password("alice"), T0);
    TotpFactorAuthorizationManager<Object> noStore =
        TotpFactorAuthorizationManager.create(
            service,
            user -> {
              throw new AssertionError("the account id is not needed when the factor is there");
            });

    assertThat(noStore.authorize(() -> both, new Object()).isGranted()).isTrue();
  }

  @Test
  void userWithoutTwoFactor_granted() {
    assertThat(manager.authorize(() -> password("bob"), new Object()).isGranted()).isTrue();
    assertThat(manager.isRequired(password("bob"))).isFalse();
  }

  @Test
  void pendingSetupOnly_notRequired() {
    assertThat(service.startEnrollment("carol", "carol")).isPresent();

    assertThat(manager.isRequired(password("carol"))).isFalse();
  }

  @Test
  void anonymousOrNobody_granted_theApplicationsRulesDecide() {
    Authentication anonymous =
        new AnonymousAuthenticationToken(
            "key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
    Authentication unauthenticated =
        UsernamePasswordAuthenticationToken.unauthenticated("alice", "password");
    Authenticator.enable(service, "alice", clock);

    assertThat(manager.authorize(() -> null, new Object()).isGranted()).isTrue();
    assertThat(manager.authorize(() -> anonymous, new Object()).isGranted()).isTrue();
    assertThat(manager.authorize(() -> unauthenticated, new Object()).isGranted()).isTrue();
  }

  @Test
  void rememberedUserWithTwoFactorOn_required() {
    Authenticator.enable(service, "alice", clock);
    List<GrantedAuthority> roles = AuthorityUtils.createAuthorityList("ROLE_USER");

    assertThat(manager.isRequired(new RememberMeAuthenticationToken("key", "alice", roles)))
        .isTrue();
  }

  @Test
  void accountIdTheServiceRefuses_cannotHaveTwoFactorOn() {
    TotpFactorAuthorizationManager<Object> empty =
        TotpFactorAuthorizationManager.create(service, user -> "");
    TotpFactorAuthorizationManager<Object> tooLong =
        TotpFactorAuthorizationManager.create(service, user -> "x".repeat(256));

    assertThat(empty.isRequired(password("alice"))).isFalse();
    assertThat(tooLong.isRequired(password("alice"))).isFalse();
    String longest = "y".repeat(255);
    Authenticator.enable(service, longest, clock);
    assertThat(
            TotpFactorAuthorizationManager.create(service, user -> longest)
                .isRequired(password("alice")))
        .isTrue();
    assertThat(manager)
        .hasToString("TotpFactorAuthorizationManager[requires FACTOR_TOTP when 2FA is on]");
  }

  @Test
  void accountIdResolver_decidesWhichAccountIsAsked() {
    Authenticator.enable(service, "id-42", clock);
    TotpFactorAuthorizationManager<Object> mapped =
        TotpFactorAuthorizationManager.create(service, user -> "id-42");

    assertThat(mapped.isRequired(password("dave@example.com"))).isTrue();
  }

  @Test
  @SuppressWarnings("NullAway") // passes null on purpose
  void create_nullArguments_rejected() {
    assertThatThrownBy(
            () -> TotpFactorAuthorizationManager.create(null, AccountIdResolver.principalName()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("service");
    assertThatThrownBy(() -> TotpFactorAuthorizationManager.create(service, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("accountIds");
  }
}

package io.github.otpkit.totp.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.auth.Enrollment;
import io.github.otpkit.totp.auth.TwoFactorService;
import io.github.otpkit.totp.auth.VerificationResult;
import io.github.otpkit.totp.crypto.EncryptionKey;
import io.github.otpkit.totp.crypto.SecretCipher;
import io.github.otpkit.totp.qr.QrRenderer;
import io.github.otpkit.totp.store.InMemoryStore;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the kit is for: a test signs in through {@link TwoFactorService} again and again, in far
 * less than one real 30-second step, and no sign-in is refused as a replay, because the virtual
 * authenticator moves the shared {@link TestClock} to the next step instead of sleeping.
 */
class SignInWithoutWaitingTest {
  private static final String ACCOUNT = "42";

  private final TestClock clock = TestClock.at(Instant.parse("2026-03-01T12:00:10Z"));
  private final TwoFactorService twoFactor =
      TwoFactorService.builder(
              InMemoryStore.create(), SecretCipher.create(EncryptionKey.generate("test")))
          .issuer("Photo Portal")
          .clock(clock)
          .build();

  // A sleeping implementation would need 5 steps of 30 s; the timeout is one real step.
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void signInFiveTimes_eachAcceptedAtTheNextStep_noReplayNoSleep() {
    Enrollment enrollment = twoFactor.startEnrollment(ACCOUNT, "alice@example.com").orElseThrow();
    VirtualAuthenticator phone =
        VirtualAuthenticator.scan(QrRenderer.defaults().png(enrollment.uri())).withClock(clock);

    assertThat(twoFactor.confirmEnrollment(ACCOUNT, phone.nextCode()).isAccepted()).isTrue();
    long confirmedStep = phone.lastStep().orElseThrow();
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-01T12:00:10Z"));

    for (int signIn = 1; signIn <= 5; signIn++) {
      VerificationResult result = twoFactor.verify(ACCOUNT, phone.nextCode());

      assertThat(result).isEqualTo(VerificationResult.Accepted.code(confirmedStep + signIn, 0));
      assertThat(clock.instant())
          .isEqualTo(Instant.parse("2026-03-01T12:00:00Z").plusSeconds(30L * signIn));
    }
    // The service's replay protection is on: the code of the step just used is refused.
    assertThat(twoFactor.verify(ACCOUNT, phone.codeAt(clock.instant())).kind())
        .isEqualTo(VerificationResult.Kind.ALREADY_USED);
  }

  @Test
  void currentCodeAfterSignIn_isAReplay_nextCodeIsNot() {
    Enrollment enrollment = twoFactor.startEnrollment(ACCOUNT, "alice@example.com").orElseThrow();
    VirtualAuthenticator phone =
        VirtualAuthenticator.scanDataUri(QrRenderer.defaults().svgDataUri(enrollment.uri()))
            .withClock(clock);
    assertThat(twoFactor.confirmEnrollment(ACCOUNT, phone.currentCode()).isAccepted()).isTrue();

    assertThat(twoFactor.verify(ACCOUNT, phone.currentCode()).kind())
        .isEqualTo(VerificationResult.Kind.ALREADY_USED);
    assertThat(twoFactor.verify(ACCOUNT, phone.nextCode()).isAccepted()).isTrue();
  }
}

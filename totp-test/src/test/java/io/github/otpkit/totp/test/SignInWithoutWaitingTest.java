package io.github.otpkit.totp.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.enrollment.EncryptionKey;
import io.github.otpkit.totp.enrollment.Enrollment;
import io.github.otpkit.totp.enrollment.InMemoryEnrollmentStore;
import io.github.otpkit.totp.enrollment.SecretCipher;
import io.github.otpkit.totp.enrollment.TwoFactorService;
import io.github.otpkit.totp.qr.QrRenderer;
import io.github.otpkit.totp.verify.VerificationResult;
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
              InMemoryEnrollmentStore.create(), SecretCipher.create(EncryptionKey.generate("test")))
          .issuer("Photo Portal")
          .clock(clock)
          .build();

  // A sleeping implementation would need 5 steps of 30 s; the timeout is one real step.
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void signInFiveTimes_eachAcceptedAtTheNextStep_noReplayNoSleep() {
    Enrollment enrollment = twoFactor.startEnrollment(ACCOUNT, "alice@example.com");
    VirtualAuthenticator phone =
        VirtualAuthenticator.scan(QrRenderer.defaults().png(enrollment.uri())).withClock(clock);

    assertThat(twoFactor.confirmEnrollment(ACCOUNT, phone.nextCode()).isSuccess()).isTrue();
    long confirmedStep = phone.lastStep().orElseThrow();
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-01T12:00:10Z"));

    for (int signIn = 1; signIn <= 5; signIn++) {
      VerificationResult result = twoFactor.verify(ACCOUNT, phone.nextCode());

      assertThat(result).isEqualTo(new VerificationResult.Accepted(confirmedStep + signIn, 0));
      assertThat(clock.instant())
          .isEqualTo(Instant.parse("2026-03-01T12:00:00Z").plusSeconds(30L * signIn));
    }
    // The service's replay protection is on: the code of the step just used is refused.
    assertThat(twoFactor.verify(ACCOUNT, phone.codeAt(clock.instant())).kind())
        .isEqualTo(VerificationResult.Kind.ALREADY_USED);
  }

  @Test
  void currentCodeAfterSignIn_isAReplay_nextCodeIsNot() {
    Enrollment enrollment = twoFactor.startEnrollment(ACCOUNT, "alice@example.com");
    VirtualAuthenticator phone =
        VirtualAuthenticator.scanDataUri(QrRenderer.defaults().svgDataUri(enrollment.uri()))
            .withClock(clock);
    assertThat(twoFactor.confirmEnrollment(ACCOUNT, phone.currentCode()).isSuccess()).isTrue();

    assertThat(twoFactor.verify(ACCOUNT, phone.currentCode()).kind())
        .isEqualTo(VerificationResult.Kind.ALREADY_USED);
    assertThat(twoFactor.verify(ACCOUNT, phone.nextCode()).isAccepted()).isTrue();
  }
}

package io.github.otpkit.totp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VerificationResultTest {
  private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");

  @Test
  void messages_exactTextForEndUsers() {
    assertThat(VerificationResult.Accepted.code(5, 0).message()).isEqualTo("Code accepted.");
    assertThat(VerificationResult.Malformed.code(6).message())
        .isEqualTo("Enter the 6-digit code from your app.");
    assertThat(new VerificationResult.Invalid(VerificationResult.Proof.CODE).message())
        .isEqualTo("This code is not correct. Check it and try again.");
    assertThat(new VerificationResult.AlreadyUsed(VerificationResult.Proof.CODE).message())
        .isEqualTo("This code was already used. Wait for the next one.");
    assertThat(new VerificationResult.Throttled(T.plusSeconds(8), Duration.ofSeconds(8)).message())
        .isEqualTo("Too many attempts: try again in 8 seconds.");
    assertThat(new VerificationResult.Locked().message())
        .isEqualTo("Too many attempts. Codes are locked for this account: use a recovery code.");
  }

  @Test
  void throttled_fractionOfSecond_roundedUpSingular() {
    VerificationResult.Throttled t =
        new VerificationResult.Throttled(T.plusMillis(300), Duration.ofMillis(300));

    assertThat(t.waitSeconds()).isEqualTo(1);
    assertThat(t.message()).isEqualTo("Too many attempts: try again in 1 second.");
  }

  @Test
  void throttled_largeWait_formattedWithoutGrouping() {
    VerificationResult.Throttled t =
        new VerificationResult.Throttled(T.plus(Duration.ofDays(1)), Duration.ofDays(1));

    assertThat(t.message()).isEqualTo("Too many attempts: try again in 86400 seconds.");
  }

  @Test
  void throttled_retryAfterNow_remainingOrZero() {
    VerificationResult.Throttled t =
        new VerificationResult.Throttled(T.plusSeconds(8), Duration.ofSeconds(8));

    assertThat(t.retryAfter(T.plusSeconds(3))).isEqualTo(Duration.ofSeconds(5));
    assertThat(t.retryAfter(T.plusSeconds(30))).isZero();
  }

  @Test
  void kinds_andIsAccepted() {
    assertThat(VerificationResult.Accepted.code(0, 0).isAccepted()).isTrue();
    assertThat(VerificationResult.Accepted.code(0, 0).kind())
        .isEqualTo(VerificationResult.Kind.ACCEPTED);
    assertThat(new VerificationResult.Invalid(VerificationResult.Proof.CODE).isAccepted())
        .isFalse();
    assertThat(new VerificationResult.AlreadyUsed(VerificationResult.Proof.CODE).kind())
        .isEqualTo(VerificationResult.Kind.ALREADY_USED);
    assertThat(new VerificationResult.Locked().kind()).isEqualTo(VerificationResult.Kind.LOCKED);
    assertThat(VerificationResult.Malformed.code(8).kind())
        .isEqualTo(VerificationResult.Kind.MALFORMED);
  }

  @Test
  void constructors_invalidValues_rejected() {
    assertThatThrownBy(() -> VerificationResult.Malformed.code(9))
        .hasMessage("expectedLength must be 6 to 8 for a code but was 9");
    assertThatThrownBy(() -> VerificationResult.Accepted.code(-1, 0))
        .hasMessage("step must be 0 or more but was -1");
    assertThatThrownBy(() -> new VerificationResult.Throttled(T, Duration.ofSeconds(-1)))
        .hasMessage("delay must not be negative but was PT-1S");
  }
}

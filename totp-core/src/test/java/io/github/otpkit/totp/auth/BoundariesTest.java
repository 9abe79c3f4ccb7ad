package io.github.otpkit.totp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.HmacAlgorithm;
import io.github.otpkit.totp.TotpParameters;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Exact limits of the verification values, pinned down where PIT found them untested. */
class BoundariesTest {

  @Test
  void throttlePolicy_acceptsItsLimitsAndNothingBeyond() {
    Duration second = Duration.ofSeconds(1);
    assertThat(
            new ThrottlePolicy(ThrottlePolicy.MAX_FREE_FAILURES, second, second, 0).freeFailures())
        .isEqualTo(100);
    assertThatThrownBy(
            () -> new ThrottlePolicy(ThrottlePolicy.MAX_FREE_FAILURES + 1, second, second, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("freeFailures must be 0 to 100 but was 101");
    assertThat(new ThrottlePolicy(0, second, ThrottlePolicy.MAX_DELAY, 0).maxDelay())
        .isEqualTo(Duration.ofDays(1));
    assertThatThrownBy(
            () -> new ThrottlePolicy(0, second, ThrottlePolicy.MAX_DELAY.plusNanos(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDelay must be at most PT24H but was PT24H0.000000001S");
  }

  @Test
  void throttlePolicy_firstFailurePastTheFreeOnes_waitsTheBaseDelay() {
    ThrottlePolicy policy = new ThrottlePolicy(3, Duration.ofSeconds(2), Duration.ofMinutes(1), 0);

    assertThat(policy.delayAfter(2)).isZero();
    assertThat(policy.delayAfter(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delayAfter(4)).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void throttled_waitSeconds_roundsUp() {
    assertThat(
            new VerificationResult.Throttled(Instant.EPOCH, Duration.ofMillis(2500)).waitSeconds())
        .isEqualTo(3);
    assertThat(new VerificationResult.Throttled(Instant.EPOCH, Duration.ofSeconds(2)).waitSeconds())
        .isEqualTo(2);
  }

  @Test
  void totpParameters_periodOfOneSecond_isTheShortestAllowed() {
    assertThat(
            new TotpParameters(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(1), Instant.EPOCH)
                .periodSeconds())
        .isEqualTo(1);
  }
}

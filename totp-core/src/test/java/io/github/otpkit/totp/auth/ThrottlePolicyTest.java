package io.github.otpkit.totp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.store.AccountState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThrottlePolicyTest {

  @Test
  void default_threeFreeThenDoublingFromOneSecondUpToFifteenMinutes() {
    ThrottlePolicy p = ThrottlePolicy.DEFAULT;

    assertThat(p.delayAfter(0)).isZero();
    assertThat(p.delayAfter(2)).isZero();
    assertThat(p.delayAfter(3)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.delayAfter(4)).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.delayAfter(5)).isEqualTo(Duration.ofSeconds(4));
    assertThat(p.delayAfter(12)).isEqualTo(Duration.ofSeconds(512));
    assertThat(p.delayAfter(13)).isEqualTo(Duration.ofMinutes(15));
    assertThat(p.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
    assertThat(p.isLockedOut(Integer.MAX_VALUE)).isFalse();
  }

  @Test
  void pauseAfter_fiveFailuresSixtySeconds_theDemoPolicy() {
    ThrottlePolicy p = ThrottlePolicy.pauseAfter(5, Duration.ofSeconds(60));

    assertThat(p.delayAfter(4)).isZero();
    assertThat(p.delayAfter(5)).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.delayAfter(50)).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.isLockedOut(1000)).isFalse();
  }

  @Test
  void withLockoutAfter_lockedFromThatManyFailures() {
    ThrottlePolicy p = ThrottlePolicy.DEFAULT.withLockoutAfter(10);

    assertThat(p.isLockedOut(9)).isFalse();
    assertThat(p.isLockedOut(10)).isTrue();
  }

  @Test
  void refusal_lastFailurePlusDelay_orNoneWhileFree() {
    Instant t = Instant.parse("2026-05-01T10:00:00Z");
    AccountState two = new AccountState("a", 1, 2, t, 0);
    AccountState four = new AccountState("a", 1, 4, t, 0);

    assertThat(ThrottlePolicy.DEFAULT.refusal(two, t)).isEmpty();
    assertThat(ThrottlePolicy.DEFAULT.refusal(four, t.plusSeconds(1)))
        .contains(new VerificationResult.Throttled(t.plusSeconds(2), Duration.ofSeconds(1)));
    assertThat(ThrottlePolicy.DEFAULT.refusal(four, t.plusSeconds(2))).isEmpty();
  }

  @Test
  void refusal_lockedOut_lockedUnlessRecoveryCode() {
    Instant t = Instant.parse("2026-05-01T10:00:00Z");
    ThrottlePolicy p = ThrottlePolicy.DEFAULT.withLockoutAfter(3);
    AccountState three = new AccountState("a", 1, 3, t.minusSeconds(3600), 0);

    assertThat(p.refusal(three, t)).contains(new VerificationResult.Locked());
    assertThat(p.refusal(three, t, false)).isNull();
  }

  @Test
  void constructor_outOfRange_rejectedWithMessages() {
    Duration s = Duration.ofSeconds(1);
    assertThatThrownBy(() -> new ThrottlePolicy(101, s, s, 0))
        .hasMessage("freeFailures must be 0 to 100 but was 101");
    assertThatThrownBy(() -> new ThrottlePolicy(-1, s, s, 0))
        .hasMessage("freeFailures must be 0 to 100 but was -1");
    assertThatThrownBy(() -> new ThrottlePolicy(3, Duration.ZERO, s, 0))
        .hasMessage("baseDelay must be positive but was PT0S");
    assertThatThrownBy(() -> new ThrottlePolicy(3, Duration.ofMinutes(2), Duration.ofMinutes(1), 0))
        .hasMessage("baseDelay must not exceed maxDelay but was PT2M > PT1M");
    assertThatThrownBy(() -> new ThrottlePolicy(3, s, Duration.ofDays(2), 0))
        .hasMessage("maxDelay must be at most PT24H but was PT48H");
    assertThatThrownBy(() -> ThrottlePolicy.DEFAULT.withLockoutAfter(-1))
        .hasMessage("lockoutAfter must be 0 (no lock-out) or more but was -1");
  }

  /**
   * The javadoc promises 107 attempts in the first day and 96 per day after; this replays an
   * attacker who always retries the moment it is allowed.
   */
  @Test
  void default_guessingBound_107AttemptsFirstDayThen96PerDay() {
    ThrottlePolicy p = ThrottlePolicy.DEFAULT;
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    Instant now = start;
    Instant lastFailure = null;
    int failures = 0;
    int firstDay = 0;
    int secondDay = 0;
    while (now.isBefore(start.plus(Duration.ofDays(2)))) {
      AccountState state = new AccountState("a", AccountState.NONE, failures, lastFailure, 0);
      VerificationResult refusal = p.refusal(state, now, true);
      if (refusal instanceof VerificationResult.Throttled throttled) {
        now = throttled.retryAfter();
        continue;
      }
      if (now.isBefore(start.plus(Duration.ofDays(1)))) {
        firstDay++;
      } else {
        secondDay++;
      }
      failures++;
      lastFailure = now;
    }

    assertThat(firstDay).isEqualTo(107);
    assertThat(secondDay).isEqualTo(96);
  }
}

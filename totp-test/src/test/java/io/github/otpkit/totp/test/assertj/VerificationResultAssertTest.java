package io.github.otpkit.totp.test.assertj;

import static io.github.otpkit.totp.test.assertj.OtpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.auth.VerificationResult;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VerificationResultAssertTest {
  private static final VerificationResult ACCEPTED =
      VerificationResult.Accepted.code(59_000_001L, -1);
  private static final Instant RETRY = Instant.parse("2026-03-01T12:00:18Z");
  private static final VerificationResult THROTTLED =
      new VerificationResult.Throttled(RETRY, Duration.ofSeconds(8));

  @Test
  void accepted_passes() {
    assertThat(ACCEPTED)
        .isAccepted()
        .isAcceptedWithDrift(-1)
        .isAcceptedAtStep(59_000_001L)
        .hasKind(VerificationResult.Kind.ACCEPTED)
        .hasMessage("Code accepted.");
  }

  @Test
  void isAccepted_onARefusal_failsWithKindAndMessage() {
    assertThatThrownBy(
            () ->
                assertThat(new VerificationResult.AlreadyUsed(VerificationResult.Proof.CODE))
                    .isAccepted())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            String.format(
                "%nExpecting the result to be ACCEPTED, but it was ALREADY_USED:%n"
                    + "  AlreadyUsed[proof=CODE]%n"
                    + "  message: This code was already used. Wait for the next one."));
  }

  @Test
  void isAcceptedWithDrift_otherDrift_fails() {
    assertThatThrownBy(() -> assertThat(ACCEPTED).isAcceptedWithDrift(0))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            String.format(
                "%nExpecting the code to be accepted with a drift of 0 step(s), but the drift was"
                    + " -1:%n  Accepted[proof=CODE, step=59000001, driftSteps=-1, recoveryCodes=null,"
                    + " message=Code accepted.]"));
  }

  @Test
  void isAcceptedWithDrift_onARefusal_failsAsNotAccepted() {
    assertThatThrownBy(
            () ->
                assertThat(new VerificationResult.Invalid(VerificationResult.Proof.CODE))
                    .isAcceptedWithDrift(0))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting the result to be ACCEPTED, but it was INVALID");
  }

  @Test
  void isAcceptedAtStep_otherStep_fails() {
    assertThatThrownBy(() -> assertThat(ACCEPTED).isAcceptedAtStep(59_000_000L))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            String.format(
                "%nExpecting the code to be accepted at step 59000000, but it matched step"
                    + " 59000001:%n  Accepted[proof=CODE, step=59000001, driftSteps=-1, recoveryCodes=null,"
                    + " message=Code accepted.]"));
  }

  @Test
  void refusals_passForTheirKindOnly() {
    assertThat(new VerificationResult.AlreadyUsed(VerificationResult.Proof.CODE))
        .isRefusedAsReplay();
    assertThat(new VerificationResult.Invalid(VerificationResult.Proof.CODE)).isInvalid();
    assertThat(VerificationResult.Malformed.code(6))
        .isMalformed()
        .hasMessage("Enter the 6-digit code from your app.");
    assertThat(new VerificationResult.Locked()).isLocked();
    assertThat(THROTTLED).isThrottled();

    assertThatThrownBy(() -> assertThat(ACCEPTED).isRefusedAsReplay())
        .hasMessageContaining("Expecting the result to be ALREADY_USED, but it was ACCEPTED");
    assertThatThrownBy(() -> assertThat(ACCEPTED).isInvalid())
        .hasMessageContaining("Expecting the result to be INVALID, but it was ACCEPTED");
    assertThatThrownBy(() -> assertThat(ACCEPTED).isMalformed())
        .hasMessageContaining("Expecting the result to be MALFORMED, but it was ACCEPTED");
    assertThatThrownBy(() -> assertThat(ACCEPTED).isLocked())
        .hasMessageContaining("Expecting the result to be LOCKED, but it was ACCEPTED");
    assertThatThrownBy(() -> assertThat(ACCEPTED).isThrottled())
        .hasMessageContaining("Expecting the result to be THROTTLED, but it was ACCEPTED");
  }

  @Test
  void throttled_untilAndFor() {
    assertThat(THROTTLED)
        .isThrottledUntil(RETRY)
        .isThrottledFor(Duration.ofSeconds(8))
        .hasMessage("Too many attempts: try again in 8 seconds.");

    assertThatThrownBy(() -> assertThat(THROTTLED).isThrottledUntil(RETRY.plusSeconds(1)))
        .hasMessage(
            String.format(
                "%nExpecting the attempt to be throttled until 2026-03-01T12:00:19Z, but it was"
                    + " throttled until 2026-03-01T12:00:18Z:%n"
                    + "  Throttled[retryAfter=2026-03-01T12:00:18Z, delay=PT8S]"));
    assertThatThrownBy(() -> assertThat(THROTTLED).isThrottledFor(Duration.ofSeconds(4)))
        .hasMessage(
            String.format(
                "%nExpecting the attempt to be throttled for PT4S, but it was throttled for"
                    + " PT8S:%n  Throttled[retryAfter=2026-03-01T12:00:18Z, delay=PT8S]"));
    assertThatThrownBy(() -> assertThat(ACCEPTED).isThrottledUntil(RETRY))
        .hasMessageContaining("Expecting the result to be THROTTLED, but it was ACCEPTED");
  }

  @Test
  void hasMessage_other_fails() {
    assertThatThrownBy(() -> assertThat(ACCEPTED).hasMessage("Welcome"))
        .hasMessage(
            String.format(
                "%nExpecting the result's message to be:%n  Welcome%nbut it was:%n  Code accepted."));
  }

  @Test
  void nullResult_fails() {
    assertThatThrownBy(() -> assertThat((VerificationResult) null).isAccepted())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting actual not to be null");
    assertThatThrownBy(() -> assertThat((VerificationResult) null).hasMessage("x"))
        .hasMessageContaining("Expecting actual not to be null");
  }

  @Test
  void description_prefixesTheFailure() {
    assertThatThrownBy(() -> assertThat(ACCEPTED).as("second sign-in").isRefusedAsReplay())
        .hasMessageStartingWith("[second sign-in] ");
  }
}

package io.github.otpkit.totp.test.assertj;

import io.github.otpkit.totp.auth.VerificationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * AssertJ assertions on a {@link VerificationResult}: accepted (at a step, with a drift), refused
 * as a replay, throttled until a time, and the other refusals.
 *
 * <pre>{@code
 * assertThat(service.verify("alice", phone.nextCode())).isAcceptedWithDrift(0);
 * assertThat(service.verify("alice", sameCodeAgain)).isRefusedAsReplay();
 * assertThat(service.verify("alice", "000000")).isThrottledUntil(clock.instant().plusSeconds(8));
 * }</pre>
 *
 * <p>Failure messages show the result's {@code toString()} and message, which never contain a code.
 * Obtain instances from {@link OtpAssertions#assertThat(VerificationResult)}. Not thread-safe, like
 * every AssertJ assertion.
 */
public final class VerificationResultAssert
    extends AbstractAssert<VerificationResultAssert, VerificationResult> {

  /**
   * Creates the assertion.
   *
   * @param actual the result under test, may be {@code null} (every assertion then fails)
   */
  public VerificationResultAssert(@Nullable VerificationResult actual) {
    super(actual, VerificationResultAssert.class);
  }

  /**
   * Checks that the code was accepted.
   *
   * @return this assertion
   */
  public VerificationResultAssert isAccepted() {
    return hasKind(VerificationResult.Kind.ACCEPTED);
  }

  /**
   * Checks that the code was accepted with the given drift: the matched step minus the step of the
   * verification time (0 for a code of the current step, -1 for the previous one).
   *
   * @param driftSteps the expected drift in steps (for HOTP, in counters)
   * @return this assertion
   */
  public VerificationResultAssert isAcceptedWithDrift(int driftSteps) {
    VerificationResult.Accepted accepted = accepted();
    if (accepted.driftSteps() != driftSteps) {
      failWithMessage(
          "%nExpecting the code to be accepted with a drift of %s step(s), but the drift was"
              + " %s:%n  %s",
          driftSteps, accepted.driftSteps(), accepted);
    }
    return this;
  }

  /**
   * Checks that the code was accepted for the given TOTP time step or HOTP counter.
   *
   * @param step the expected step or counter
   * @return this assertion
   */
  public VerificationResultAssert isAcceptedAtStep(long step) {
    VerificationResult.Accepted accepted = accepted();
    if (accepted.step() != step) {
      failWithMessage(
          "%nExpecting the code to be accepted at step %s, but it matched step %s:%n  %s",
          step, accepted.step(), accepted);
    }
    return this;
  }

  /**
   * Checks that the code was refused as a replay: correct, but for a step or counter that was
   * already used (RFC 6238 section 5.2).
   *
   * @return this assertion
   */
  public VerificationResultAssert isRefusedAsReplay() {
    return hasKind(VerificationResult.Kind.ALREADY_USED);
  }

  /**
   * Checks that the code was refused as wrong.
   *
   * @return this assertion
   */
  public VerificationResultAssert isInvalid() {
    return hasKind(VerificationResult.Kind.INVALID);
  }

  /**
   * Checks that the input was refused as not being a code at all.
   *
   * @return this assertion
   */
  public VerificationResultAssert isMalformed() {
    return hasKind(VerificationResult.Kind.MALFORMED);
  }

  /**
   * Checks that the attempt was refused because of too many recent failures.
   *
   * @return this assertion
   */
  public VerificationResultAssert isThrottled() {
    return hasKind(VerificationResult.Kind.THROTTLED);
  }

  /**
   * Checks that the attempt was throttled, with the next attempt allowed at the given instant.
   *
   * @param retryAfter the expected earliest time of the next attempt
   * @return this assertion
   */
  public VerificationResultAssert isThrottledUntil(Instant retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter");
    VerificationResult.Throttled throttled = throttled();
    if (!throttled.retryAfter().equals(retryAfter)) {
      failWithMessage(
          "%nExpecting the attempt to be throttled until %s, but it was throttled until %s:%n  %s",
          retryAfter, throttled.retryAfter(), throttled);
    }
    return this;
  }

  /**
   * Checks that the attempt was throttled with the given delay after the refused attempt.
   *
   * @param delay the expected delay
   * @return this assertion
   */
  public VerificationResultAssert isThrottledFor(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    VerificationResult.Throttled throttled = throttled();
    if (!throttled.delay().equals(delay)) {
      failWithMessage(
          "%nExpecting the attempt to be throttled for %s, but it was throttled for %s:%n  %s",
          delay, throttled.delay(), throttled);
    }
    return this;
  }

  /**
   * Checks that the account's codes are locked after too many failures.
   *
   * @return this assertion
   */
  public VerificationResultAssert isLocked() {
    return hasKind(VerificationResult.Kind.LOCKED);
  }

  /**
   * Checks the kind of the result.
   *
   * @param kind the expected kind
   * @return this assertion
   */
  public VerificationResultAssert hasKind(VerificationResult.Kind kind) {
    Objects.requireNonNull(kind, "kind");
    isNotNull();
    if (actual.kind() != kind) {
      failWithMessage(
          "%nExpecting the result to be %s, but it was %s:%n  %s%n  message: %s",
          kind, actual.kind(), actual, actual.message());
    }
    return this;
  }

  /**
   * Checks the end-user message of the result.
   *
   * @param message the expected message, e.g. {@code This code was already used. Wait for the next
   *     one.}
   * @return this assertion
   */
  public VerificationResultAssert hasMessage(String message) {
    Objects.requireNonNull(message, "message");
    isNotNull();
    if (!actual.message().equals(message)) {
      failWithMessage(
          "%nExpecting the result's message to be:%n  %s%nbut it was:%n  %s",
          message, actual.message());
    }
    return this;
  }

  private VerificationResult.Accepted accepted() {
    isAccepted();
    return (VerificationResult.Accepted) actual;
  }

  private VerificationResult.Throttled throttled() {
    isThrottled();
    return (VerificationResult.Throttled) actual;
  }
}

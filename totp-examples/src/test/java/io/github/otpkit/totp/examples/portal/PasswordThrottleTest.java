package io.github.otpkit.totp.examples.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.auth.ThrottlePolicy;
import io.github.otpkit.totp.auth.VerificationResult;
import io.github.otpkit.totp.store.InMemoryStore;
import io.github.otpkit.totp.store.StateStoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PasswordThrottleTest {
  private static final ThrottlePolicy POLICY =
      new ThrottlePolicy(
          5, Duration.ofSeconds(5), Duration.ofSeconds(60), ThrottlePolicy.NO_LOCKOUT);
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private static String unknown(String name) {
    return PasswordThrottle.unknownKey(name);
  }

  /** Five free failures, then "Too many attempts": the demo's password throttle. */
  private static void assertThrottledAfterFiveFailures(PasswordThrottle throttle, String key) {
    for (int i = 1; i <= 5; i++) {
      assertThat(throttle.charge(key, false, NOW)).as("attempt %d", i).isEmpty();
    }
    Optional<VerificationResult> sixth = throttle.charge(key, false, NOW);
    assertThat(sixth).as("attempt 6").isPresent();
    assertThat(sixth.get().message()).isEqualTo("Too many attempts: try again in 5 seconds.");
  }

  @Test
  void charge_unknownName_isThrottledLikeAnAccount() {
    PasswordThrottle throttle = new PasswordThrottle(POLICY, InMemoryStore.create());

    assertThrottledAfterFiveFailures(throttle, unknown("nobody"));
    assertThat(throttle.charge(unknown("nobody"), false, NOW.plusSeconds(5))).isEmpty();
  }

  @Test
  void charge_unknownNameOnASharedStore_isChargedInTheStoreThatEveryNodeSees() {
    InMemoryStore shared = InMemoryStore.create();
    PasswordThrottle nodeA = new PasswordThrottle(POLICY, shared, true);
    PasswordThrottle nodeB = new PasswordThrottle(POLICY, shared, true);
    for (int i = 1; i <= 3; i++) {
      assertThat(nodeA.charge(unknown("nobody"), false, NOW)).as("A, attempt %d", i).isEmpty();
    }
    for (int i = 4; i <= 5; i++) {
      assertThat(nodeB.charge(unknown("nobody"), false, NOW)).as("B, attempt %d", i).isEmpty();
    }

    assertThat(nodeB.charge(unknown("nobody"), false, NOW).map(r -> r.message()))
        .contains("Too many attempts: try again in 5 seconds.");
    assertThat(shared.loadState(unknown("nobody")).failures()).isEqualTo(5);
    assertThat(nodeA.unknownNamesRemembered()).isZero();
  }

  @Test
  void charge_unknownNameOnTheEmbeddedStore_staysInMemory() {
    InMemoryStore store = InMemoryStore.create();
    PasswordThrottle throttle = new PasswordThrottle(POLICY, store, false);

    assertThrottledAfterFiveFailures(throttle, unknown("nobody"));

    assertThat(store.loadState(unknown("nobody")).isInitial()).isTrue();
  }

  @Test
  void charge_afterMoreUnknownNamesThanTheCapacity_stillThrottlesNewNames() {
    PasswordThrottle throttle = new PasswordThrottle(POLICY, InMemoryStore.create());
    for (int i = 0; i < PasswordThrottle.MAX_UNKNOWN_NAMES; i++) {
      assertThat(throttle.charge(unknown("filler" + i), false, NOW)).isEmpty();
    }

    assertThrottledAfterFiveFailures(throttle, unknown("victim"));
  }

  @Test
  void charge_unknownNames_forgetsTheLeastRecentlyTriedBeyondTheCapacity() {
    PasswordThrottle throttle = new PasswordThrottle(POLICY, InMemoryStore.create(), 3);
    assertThrottledAfterFiveFailures(throttle, unknown("a"));
    assertThrottledAfterFiveFailures(throttle, unknown("b"));
    assertThat(throttle.charge(unknown("c"), false, NOW)).isEmpty();
    // Tried again (refused): "a" is now the most recently tried name, "b" the least.
    assertThat(throttle.charge(unknown("a"), false, NOW)).isPresent();

    assertThat(throttle.charge(unknown("d"), false, NOW)).isEmpty();

    assertThat(throttle.unknownNamesRemembered()).isEqualTo(3);
    assertThat(throttle.charge(unknown("b"), false, NOW)).as("b was forgotten").isEmpty();
    assertThat(throttle.charge(unknown("a"), false, NOW)).as("a is still throttled").isPresent();
  }

  @Test
  void charge_unknownName_refusedAttemptsDoNotExtendTheWait() {
    PasswordThrottle throttle = new PasswordThrottle(POLICY, InMemoryStore.create());
    assertThrottledAfterFiveFailures(throttle, unknown("x"));

    assertThat(throttle.charge(unknown("x"), false, NOW.plusSeconds(4))).isPresent();

    assertThat(throttle.charge(unknown("x"), false, NOW.plusSeconds(5))).isEmpty();
    assertThat(throttle.charge(unknown("x"), false, NOW.plusSeconds(5)).map(r -> r.message()))
        .contains("Too many attempts: try again in 10 seconds.");
  }

  @Test
  void charge_knownAccountWhenTheStoreFails_throwsSoTheSignInFailsClosed() {
    InMemoryStore full = InMemoryStore.create(1);
    PasswordThrottle throttle = new PasswordThrottle(POLICY, full);
    assertThat(throttle.charge(PasswordThrottle.accountKey(1), true, NOW)).isEmpty();

    assertThatThrownBy(() -> throttle.charge(PasswordThrottle.accountKey(2), true, NOW))
        .isInstanceOf(StateStoreException.class);
  }
}

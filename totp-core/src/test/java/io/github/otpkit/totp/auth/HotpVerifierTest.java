package io.github.otpkit.totp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.HmacAlgorithm;
import io.github.otpkit.totp.HotpGenerator;
import io.github.otpkit.totp.HotpParameters;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.store.AccountState;
import io.github.otpkit.totp.store.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HotpVerifierTest {
  private static final OtpSecret SECRET =
      OtpSecret.fromBytes("otpkit-hotp-verifier".getBytes(StandardCharsets.US_ASCII));
  private static final HotpGenerator GENERATOR = HotpGenerator.create(SECRET);
  private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");

  private final InMemoryStore store = InMemoryStore.create();
  private final FakeClock clock = new FakeClock(T);

  private HotpVerifier.Builder builder() {
    return HotpVerifier.builder(store).clock(clock);
  }

  private static String code(long counter) {
    return GENERATOR.generate(counter);
  }

  /** A code that no counter from 0 to 2000 produces. */
  private static String wrongCode(int seed) {
    for (int candidate = seed * 104_729 % 1_000_000; ; candidate = (candidate + 1) % 1_000_000) {
      String c = String.format(Locale.ROOT, "%06d", candidate);
      boolean used = false;
      for (long counter = 0; counter <= 2000 && !used; counter++) {
        used = code(counter).equals(c);
      }
      if (!used) {
        return c;
      }
    }
  }

  @Test
  void verify_newAccount_expectsCounterZeroThenAdvances() {
    HotpVerifier verifier = builder().build();

    assertThat(verifier.verify("alice", SECRET, code(0)))
        .isEqualTo(VerificationResult.Accepted.code(0, 0));
    assertThat(verifier.verify("alice", SECRET, code(1)))
        .isEqualTo(VerificationResult.Accepted.code(1, 0));
    assertThat(store.loadState("alice").lastUsedStep()).isEqualTo(1);
  }

  @Test
  void verify_withinLookAhead_acceptedWithDriftAndCounterMovesPast() {
    HotpVerifier verifier = builder().build();

    assertThat(verifier.verify("alice", SECRET, code(5)))
        .isEqualTo(VerificationResult.Accepted.code(5, 5));
    assertThat(verifier.verify("alice", SECRET, code(6)))
        .isEqualTo(VerificationResult.Accepted.code(6, 0));
  }

  @Test
  void verify_beyondLookAhead_invalid() {
    HotpVerifier verifier = builder().build();

    assertThat(verifier.verify("alice", SECRET, code(6)))
        .isEqualTo(new VerificationResult.Invalid(VerificationResult.Proof.CODE));
    assertThat(store.loadState("alice").lastUsedStep()).isEqualTo(AccountState.NONE);
  }

  @Test
  void verify_codesBehindCounter_refused() {
    HotpVerifier verifier = builder().build();
    ignore(verifier.verify("alice", SECRET, code(3)));

    assertThat(verifier.verify("alice", SECRET, code(3)))
        .isEqualTo(new VerificationResult.AlreadyUsed(VerificationResult.Proof.CODE));
    assertThat(verifier.verify("alice", SECRET, code(2)))
        .isEqualTo(new VerificationResult.Invalid(VerificationResult.Proof.CODE));
    assertThat(verifier.verify("alice", SECRET, code(0)))
        .isEqualTo(new VerificationResult.Invalid(VerificationResult.Proof.CODE));
    assertThat(store.loadState("alice").lastUsedStep()).isEqualTo(3);
  }

  @Test
  void verify_enrolledAtCounter_viaStoreReset() {
    store.resetState("alice", 999);
    HotpVerifier verifier = builder().lookAhead(0).build();

    assertThat(verifier.verify("alice", SECRET, code(999)).kind())
        .isEqualTo(VerificationResult.Kind.ALREADY_USED);
    assertThat(verifier.verify("alice", SECRET, code(1000)))
        .isEqualTo(VerificationResult.Accepted.code(1000, 0));
  }

  @Test
  void verify_lookAheadZero_onlyExpectedCounter() {
    HotpVerifier verifier = builder().lookAhead(0).build();

    assertThat(verifier.verify("alice", SECRET, code(1)).kind())
        .isEqualTo(VerificationResult.Kind.INVALID);
    assertThat(verifier.verify("alice", SECRET, code(0)).isAccepted()).isTrue();
  }

  @Test
  void verify_malformed_rejectedAndCharged() {
    HotpVerifier verifier = builder().build();

    assertThat(verifier.verify("alice", SECRET, "+" + code(0).substring(1)))
        .isEqualTo(VerificationResult.Malformed.code(6));
    assertThat(store.loadState("alice").failures()).isEqualTo(1);
  }

  @Test
  void verify_throttled_correctCodeRefusedUntilDelayPassed() {
    HotpVerifier verifier =
        builder().throttlePolicy(ThrottlePolicy.pauseAfter(2, Duration.ofSeconds(30))).build();
    ignore(verifier.verify("alice", SECRET, wrongCode(1)));
    ignore(verifier.verify("alice", SECRET, wrongCode(2)));

    assertThat(verifier.verify("alice", SECRET, code(0)))
        .isEqualTo(new VerificationResult.Throttled(T.plusSeconds(30), Duration.ofSeconds(30)));
    clock.advance(Duration.ofSeconds(30));
    assertThat(verifier.verify("alice", SECRET, code(0)).isAccepted()).isTrue();
  }

  @Test
  void resynchronize_twoConsecutiveCodesFarAhead_counterMovesPastSecond() {
    List<TwoFactorEvent> events = new CopyOnWriteArrayList<>();
    HotpVerifier verifier = builder().listener(events::add).build();
    assertThat(verifier.verify("alice", SECRET, code(50)).kind())
        .isEqualTo(VerificationResult.Kind.INVALID);

    VerificationResult result = verifier.resynchronize("alice", SECRET, code(50), code(51));

    assertThat(result).isEqualTo(VerificationResult.Accepted.code(51, 51));
    assertThat(store.loadState("alice").lastUsedStep()).isEqualTo(51);
    assertThat(store.loadState("alice").failures()).isZero();
    assertThat(events.get(1))
        .isEqualTo(new TwoFactorEvent("alice", TwoFactorEvent.Type.RESYNCHRONIZED, T, 51, 0));
    assertThat(verifier.verify("alice", SECRET, code(51)).kind())
        .isEqualTo(VerificationResult.Kind.ALREADY_USED);
    assertThat(verifier.verify("alice", SECRET, code(52)))
        .isEqualTo(VerificationResult.Accepted.code(52, 0));
  }

  @Test
  void resynchronize_afterEnrolmentCounter_searchesFromNextCounter() {
    store.resetState("alice", 1000);
    HotpVerifier verifier = builder().build();

    assertThat(verifier.resynchronize("alice", SECRET, code(1099), code(1100)))
        .isEqualTo(VerificationResult.Accepted.code(1100, 99));
    assertThat(verifier.resynchronize("alice", SECRET, code(1100), code(1101)).kind())
        .as("the first code of the pair is already used")
        .isEqualTo(VerificationResult.Kind.INVALID);
  }

  @Test
  void resynchronize_beyondWindow_invalid() {
    HotpVerifier verifier = builder().resyncWindow(100).build();

    assertThat(verifier.resynchronize("alice", SECRET, code(100), code(101)))
        .isEqualTo(new VerificationResult.Invalid(VerificationResult.Proof.CODE));
    assertThat(verifier.resynchronize("alice", SECRET, code(99), code(100)))
        .isEqualTo(VerificationResult.Accepted.code(100, 100));
  }

  @Test
  void resynchronize_codesNotConsecutiveOrSwapped_invalid() {
    HotpVerifier verifier = builder().build();

    assertThat(verifier.resynchronize("alice", SECRET, code(40), code(42)).kind())
        .isEqualTo(VerificationResult.Kind.INVALID);
    assertThat(verifier.resynchronize("alice", SECRET, code(41), code(40)).kind())
        .isEqualTo(VerificationResult.Kind.INVALID);
    assertThat(store.loadState("alice").lastUsedStep()).isEqualTo(AccountState.NONE);
    assertThat(store.loadState("alice").failures()).isEqualTo(2);
  }

  @Test
  void resynchronize_codesBehindCounter_invalid() {
    store.resetState("alice", 60);
    HotpVerifier verifier = builder().build();

    assertThat(verifier.resynchronize("alice", SECRET, code(30), code(31)).kind())
        .isEqualTo(VerificationResult.Kind.INVALID);
  }

  @Test
  void resynchronize_malformedEitherCode_malformed() {
    HotpVerifier verifier = builder().build();

    assertThat(verifier.resynchronize("alice", SECRET, code(10), "12 345"))
        .isEqualTo(VerificationResult.Malformed.code(6));
    assertThat(verifier.resynchronize("alice", SECRET, "１２３４５６", code(11)))
        .isEqualTo(VerificationResult.Malformed.code(6));
  }

  @Test
  void verify_eightDigitsSha512_works() {
    HotpParameters p = new HotpParameters(HmacAlgorithm.SHA512, 8);
    HotpGenerator g = HotpGenerator.create(SECRET, p);
    HotpVerifier verifier = builder().parameters(p).build();

    assertThat(verifier.verify("alice", SECRET, g.generate(2)))
        .isEqualTo(VerificationResult.Accepted.code(2, 2));
  }

  @Test
  void verify_secretShorterThan16Bytes_needsOptIn() {
    OtpSecret legacy = OtpSecret.fromBase32("JBSWY3DPEHPK3PXP");
    String first = HotpGenerator.create(legacy).generate(0);

    assertThatThrownBy(() -> builder().build().verify("alice", legacy, first))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("secret must be at least 16 bytes");
    assertThat(builder().allowLegacyShortSecrets().build().verify("alice", legacy, first))
        .isEqualTo(VerificationResult.Accepted.code(0, 0));
  }

  @Test
  void matchWithoutReplayProtection_matchesLookAheadAndTouchesNoState() {
    HotpVerifier verifier = builder().build();

    assertThat(verifier.matchWithoutReplayProtection(SECRET, code(12), 10)).hasValue(12);
    assertThat(verifier.matchWithoutReplayProtection(SECRET, code(12), 10)).hasValue(12);
    assertThat(verifier.matchWithoutReplayProtection(SECRET, code(9), 10)).isEmpty();
    assertThat(verifier.matchWithoutReplayProtection(SECRET, code(16), 10)).isEmpty();
    assertThat(verifier.matchWithoutReplayProtection(SECRET, "abc", 10)).isEmpty();
    assertThatThrownBy(() -> verifier.matchWithoutReplayProtection(SECRET, code(0), -1))
        .hasMessage("expectedCounter must be 0 or more but was -1");
    assertThat(store.size()).isZero();
  }

  @Test
  void builder_outOfRange_rejectedWithMessages() {
    assertThatThrownBy(() -> builder().lookAhead(21))
        .hasMessage("lookAhead must be 0 to 20 but was 21");
    assertThatThrownBy(() -> builder().resyncWindow(0))
        .hasMessage("resyncWindow must be 1 to 1000 but was 0");
    assertThatThrownBy(() -> builder().resyncWindow(1001))
        .hasMessage("resyncWindow must be 1 to 1000 but was 1001");
  }

  @Test
  void toString_describesConfigurationOnly() {
    assertThat(builder().build())
        .hasToString("HotpVerifier[SHA1, 6 digits, look-ahead 5, resync 100]");
  }

  /** Makes an attempt whose result the test checks otherwise (state, events, logs). */
  private static void ignore(Object result) {
    assertThat(result).isNotNull();
  }
}

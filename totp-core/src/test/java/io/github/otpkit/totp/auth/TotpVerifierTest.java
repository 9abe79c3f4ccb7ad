package io.github.otpkit.totp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.HmacAlgorithm;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.store.AccountState;
import io.github.otpkit.totp.store.AccountStateStore;
import io.github.otpkit.totp.store.InMemoryStore;
import io.github.otpkit.totp.store.StateStoreException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TotpVerifierTest {
  private static final OtpSecret SECRET =
      OtpSecret.fromBytes("otpkit-verifier-test".getBytes(StandardCharsets.US_ASCII));

  /** 10 seconds into a step, so that the step of T is unambiguous. */
  private static final Instant T = Instant.parse("2026-05-01T10:00:10Z");

  private static final TotpGenerator GENERATOR = TotpGenerator.create(SECRET);
  private static final long STEP = GENERATOR.stepAt(T);

  private final InMemoryStore store = InMemoryStore.create();
  private final FakeClock clock = new FakeClock(T);

  private static String codeAt(long step) {
    return GENERATOR.generateAtStep(step);
  }

  /** A 6-digit code that is not the code of any step from STEP - 30 to STEP + 30. */
  private static String wrongCode(int seed) {
    for (int candidate = 100_000 + seed * 7919; ; candidate = (candidate + 7919) % 1_000_000) {
      String code = String.format(java.util.Locale.ROOT, "%06d", candidate);
      boolean used = false;
      for (long s = STEP - 30; s <= STEP + 30; s++) {
        used |= codeAt(s).equals(code);
      }
      if (!used) {
        return code;
      }
    }
  }

  private TotpVerifier.Builder builder() {
    return TotpVerifier.builder(store).clock(clock);
  }

  static Stream<Arguments> windowsAndOffsets() {
    List<Arguments> cases = new ArrayList<>();
    int[][] windows = {{0, 0}, {1, 1}, {2, 0}, {0, 2}};
    for (int[] w : windows) {
      for (int offset = -2; offset <= 2; offset++) {
        cases.add(Arguments.of(w[0], w[1], offset, offset >= -w[0] && offset <= w[1]));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "window ({0},{1}), code of step {2}: accepted={3}")
  @MethodSource("windowsAndOffsets")
  void verify_codeOfNearbyStep_acceptedExactlyWithinWindowWithItsDrift(
      int behind, int ahead, int offset, boolean accepted) {
    TotpVerifier verifier = builder().window(Window.of(behind, ahead)).build();

    VerificationResult result = verifier.verify("alice", SECRET, codeAt(STEP + offset));

    if (accepted) {
      assertThat(result).isEqualTo(VerificationResult.Accepted.code(STEP + offset, offset));
    } else {
      assertThat(result).isEqualTo(new VerificationResult.Invalid(VerificationResult.Proof.CODE));
    }
  }

  @Test
  void verify_sameCodeTwice_secondRejectedAsAlreadyUsed() {
    TotpVerifier verifier = builder().build();
    String code = codeAt(STEP);

    VerificationResult first = verifier.verify("alice", SECRET, code);
    VerificationResult second = verifier.verify("alice", SECRET, code);

    assertThat(first).isEqualTo(VerificationResult.Accepted.code(STEP, 0));
    assertThat(second).isEqualTo(new VerificationResult.AlreadyUsed(VerificationResult.Proof.CODE));
    assertThat(second.message()).isEqualTo("This code was already used. Wait for the next one.");
  }

  @Test
  void verify_olderStepAfterNewer_alreadyUsedThenNextStepAccepted() {
    TotpVerifier verifier = builder().build();
    assertThat(verifier.verify("alice", SECRET, codeAt(STEP + 1)).isAccepted()).isTrue();

    clock.advance(Duration.ofSeconds(30));

    assertThat(verifier.verify("alice", SECRET, codeAt(STEP)))
        .isEqualTo(new VerificationResult.AlreadyUsed(VerificationResult.Proof.CODE));
    assertThat(verifier.verify("alice", SECRET, codeAt(STEP + 2)))
        .isEqualTo(VerificationResult.Accepted.code(STEP + 2, 1));
  }

  @Test
  void verify_replayProtectionIsPerAccount() {
    TotpVerifier verifier = builder().build();
    String code = codeAt(STEP);

    assertThat(verifier.verify("alice", SECRET, code).isAccepted()).isTrue();
    assertThat(verifier.verify("bob", SECRET, code).isAccepted()).isTrue();
  }

  @Test
  void verify_acceptedStepStoredAndFailuresReset() {
    TotpVerifier verifier = builder().build();
    ignore(verifier.verify("alice", SECRET, wrongCode(1)));

    ignore(verifier.verify("alice", SECRET, codeAt(STEP)));

    AccountState state = store.loadState("alice");
    assertThat(state.lastUsedStep()).isEqualTo(STEP);
    assertThat(state.failures()).isZero();
    assertThat(state.lastFailureAt()).isNull();
  }

  static Stream<String> malformedVariants() {
    String code = codeAt(STEP);
    return Stream.of(
        "+" + code,
        "+" + code.substring(1),
        "-" + code.substring(1),
        code.substring(1),
        code + "0",
        code.substring(0, 3) + "\t" + code.substring(3),
        "\t" + code,
        code + "\n",
        code + "\r\n",
        toFullWidth(code),
        toArabicIndic(code),
        code.substring(0, 5) + "a",
        code.replace(' ', '_') + "\u00a0",
        "",
        "      ");
  }

  private static String toFullWidth(String digits) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      sb.append((char) ('\uff10' + (digits.charAt(i) - '0')));
    }
    return sb.toString();
  }

  private static String toArabicIndic(String digits) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      sb.append((char) ('\u0660' + (digits.charAt(i) - '0')));
    }
    return sb.toString();
  }

  @ParameterizedTest(name = "[{index}] malformed variant of the right code")
  @MethodSource("malformedVariants")
  void verify_malformedInput_rejectedAsMalformedAndCharged(String input) {
    TotpVerifier verifier = builder().build();

    VerificationResult result = verifier.verify("alice", SECRET, input);

    assertThat(result).isEqualTo(VerificationResult.Malformed.code(6));
    assertThat(result.message()).isEqualTo("Enter the 6-digit code from your app.");
    assertThat(store.loadState("alice").failures()).isEqualTo(1);
    assertThat(store.loadState("alice").lastUsedStep()).isEqualTo(AccountState.NONE);
  }

  @Test
  void verify_asciiSpacesInsideCode_stripped() {
    TotpVerifier verifier = builder().build();
    String code = codeAt(STEP);

    VerificationResult result =
        verifier.verify(
            "alice", SECRET, " " + code.substring(0, 3) + " " + code.substring(3) + " ");

    assertThat(result).isEqualTo(VerificationResult.Accepted.code(STEP, 0));
  }

  @Test
  void verify_allZeroCode_acceptedWhenItIsTheRightCode() {
    // GoogleAuth 1.5.0 rejects this genuine code because it compares ints > 0.
    OtpSecret legacy = OtpSecret.fromBase32("JBSWY3DPEHPK3PXP");
    Instant at = Instant.ofEpochSecond(365_560L * 30 + 5);
    assertThat(TotpGenerator.create(legacy).generate(at)).isEqualTo("000000");
    TotpVerifier verifier = builder().allowLegacyShortSecrets().build();

    VerificationResult result = verifier.verify("alice", legacy, "000000", at);

    assertThat(result).isEqualTo(VerificationResult.Accepted.code(365_560L, 0));
  }

  @Test
  void verify_secretShorterThan16Bytes_rejectedWithoutOptIn() {
    OtpSecret legacy = OtpSecret.fromBase32("JBSWY3DPEHPK3PXP");
    TotpVerifier verifier = builder().build();

    assertThatThrownBy(() -> verifier.verify("alice", legacy, "000000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "secret must be at least 16 bytes (128 bits, RFC 4226 R6) to verify codes but was 10"
                + " bytes; call allowLegacyShortSecrets() on the builder to verify legacy imports");
    assertThat(store.size()).isZero();
  }

  @Test
  void verify_defaultThrottle_backOffScheduleAndCorrectCodeRefusedWhileThrottled() {
    TotpVerifier verifier = builder().build();
    String right = codeAt(STEP);
    for (int i = 1; i <= 3; i++) {
      assertThat(verifier.verify("alice", SECRET, wrongCode(i)))
          .isEqualTo(new VerificationResult.Invalid(VerificationResult.Proof.CODE));
    }
    long[] delays = {1, 2, 4, 8, 16};
    for (int i = 0; i < delays.length; i++) {
      VerificationResult refused = verifier.verify("alice", SECRET, right);
      assertThat(refused)
          .as("attempt right after failure %d", i + 3)
          .isEqualTo(
              new VerificationResult.Throttled(
                  clock.instant().plusSeconds(delays[i]), Duration.ofSeconds(delays[i])));
      clock.advance(Duration.ofSeconds(delays[i]).minusMillis(1));
      assertThat(verifier.verify("alice", SECRET, right).kind())
          .isEqualTo(VerificationResult.Kind.THROTTLED);
      clock.advance(Duration.ofMillis(1));
      if (i < delays.length - 1) {
        assertThat(verifier.verify("alice", SECRET, wrongCode(10 + i)))
            .isEqualTo(new VerificationResult.Invalid(VerificationResult.Proof.CODE));
      }
    }
    assertThat(store.loadState("alice").failures()).isEqualTo(7);

    long now = GENERATOR.stepAt(clock.instant());
    assertThat(verifier.verify("alice", SECRET, codeAt(now)))
        .isEqualTo(VerificationResult.Accepted.code(now, 0));
    assertThat(store.loadState("alice").failures()).isZero();
    for (int i = 1; i <= 3; i++) {
      assertThat(verifier.verify("alice", SECRET, wrongCode(20 + i)).kind())
          .as("free failure %d after the reset", i)
          .isEqualTo(VerificationResult.Kind.INVALID);
    }
  }

  @Test
  void verify_throttledMessage_saysHowManySeconds() {
    TotpVerifier verifier =
        builder().throttlePolicy(ThrottlePolicy.pauseAfter(1, Duration.ofSeconds(8))).build();
    ignore(verifier.verify("alice", SECRET, wrongCode(1)));

    VerificationResult result = verifier.verify("alice", SECRET, codeAt(STEP));

    assertThat(result.message()).isEqualTo("Too many attempts: try again in 8 seconds.");
  }

  @Test
  void verify_refusedAttempts_notCharged() {
    TotpVerifier verifier = builder().build();
    for (int i = 1; i <= 3; i++) {
      ignore(verifier.verify("alice", SECRET, wrongCode(i)));
    }

    for (int i = 0; i < 10; i++) {
      ignore(verifier.verify("alice", SECRET, wrongCode(i)));
    }

    assertThat(store.loadState("alice").failures()).isEqualTo(3);
    clock.advance(Duration.ofSeconds(1));
    assertThat(verifier.verify("alice", SECRET, codeAt(STEP)).isAccepted()).isTrue();
  }

  @Test
  void verify_malformedAttempts_countTowardsThrottling() {
    TotpVerifier verifier = builder().build();
    for (int i = 0; i < 3; i++) {
      assertThat(verifier.verify("alice", SECRET, "12345").kind())
          .isEqualTo(VerificationResult.Kind.MALFORMED);
    }

    assertThat(verifier.verify("alice", SECRET, codeAt(STEP)).kind())
        .isEqualTo(VerificationResult.Kind.THROTTLED);
  }

  @Test
  void verify_photoPortalPolicy_refusesAfterFiveFailuresForSixtySeconds() {
    TotpVerifier verifier =
        builder().throttlePolicy(ThrottlePolicy.pauseAfter(5, Duration.ofSeconds(60))).build();
    for (int i = 1; i <= 5; i++) {
      assertThat(verifier.verify("alice", SECRET, wrongCode(i)).kind())
          .isEqualTo(VerificationResult.Kind.INVALID);
    }

    assertThat(verifier.verify("alice", SECRET, codeAt(STEP)).message())
        .isEqualTo("Too many attempts: try again in 60 seconds.");
    clock.advance(Duration.ofSeconds(59));
    assertThat(verifier.verify("alice", SECRET, codeAt(STEP)).message())
        .isEqualTo("Too many attempts: try again in 1 second.");
    clock.advance(Duration.ofSeconds(1));
    assertThat(verifier.verify("alice", SECRET, codeAt(STEP + 2)))
        .isEqualTo(VerificationResult.Accepted.code(STEP + 2, 0));
  }

  @Test
  void verify_lockout_lockedEvenWithCorrectCodeUntilFailuresReset() {
    TotpVerifier verifier =
        builder()
            .throttlePolicy(ThrottlePolicy.DEFAULT.withFreeFailures(100).withLockoutAfter(5))
            .build();
    for (int i = 1; i <= 5; i++) {
      assertThat(verifier.verify("alice", SECRET, wrongCode(i)).kind())
          .isEqualTo(VerificationResult.Kind.INVALID);
    }

    assertThat(verifier.verify("alice", SECRET, codeAt(STEP)))
        .isEqualTo(new VerificationResult.Locked());
    clock.advance(Duration.ofDays(30));
    long later = GENERATOR.stepAt(clock.instant());
    assertThat(verifier.verify("alice", SECRET, codeAt(later)))
        .isEqualTo(new VerificationResult.Locked());
    assertThat(store.loadState("alice").failures()).isEqualTo(5);

    store.resetFailures("alice");

    assertThat(verifier.verify("alice", SECRET, codeAt(later)))
        .isEqualTo(VerificationResult.Accepted.code(later, 0));
  }

  @Test
  void verify_trackDrift_windowFollowsSlowDevice() {
    InMemoryStore otherStore = InMemoryStore.create();
    TotpVerifier tracking = builder().trackDrift(true).build();
    TotpVerifier fixed = TotpVerifier.builder(otherStore).clock(clock).build();
    // The device is one step behind, then falls two steps behind.
    assertThat(tracking.verify("alice", SECRET, codeAt(STEP - 1)))
        .isEqualTo(VerificationResult.Accepted.code(STEP - 1, -1));
    assertThat(fixed.verify("alice", SECRET, codeAt(STEP - 1)).isAccepted()).isTrue();
    assertThat(store.loadState("alice").driftSteps()).isEqualTo(-1);

    clock.advance(Duration.ofSeconds(60));

    assertThat(tracking.verify("alice", SECRET, codeAt(STEP)))
        .isEqualTo(VerificationResult.Accepted.code(STEP, -2));
    assertThat(store.loadState("alice").driftSteps()).isEqualTo(-2);
    assertThat(fixed.verify("alice", SECRET, codeAt(STEP)))
        .isEqualTo(new VerificationResult.Invalid(VerificationResult.Proof.CODE));
  }

  @Test
  void verify_trackDriftOff_driftNotStoredAndWindowCentredOnClock() {
    TotpVerifier verifier = builder().build();

    assertThat(verifier.verify("alice", SECRET, codeAt(STEP + 1)))
        .isEqualTo(VerificationResult.Accepted.code(STEP + 1, 1));

    assertThat(store.loadState("alice").driftSteps()).isZero();
  }

  @Test
  void verify_storedDriftBeyondCap_centreCappedAtTenSteps() {
    put(new AccountState("alice", 1, 0, null, 15));
    TotpVerifier verifier = builder().trackDrift(true).build();

    assertThat(verifier.verify("alice", SECRET, codeAt(STEP + 12)).kind())
        .isEqualTo(VerificationResult.Kind.INVALID);
    assertThat(verifier.verify("alice", SECRET, codeAt(STEP + 11)))
        .isEqualTo(VerificationResult.Accepted.code(STEP + 11, 11));
  }

  @Test
  void verify_atFirstStep_candidatesBelowZeroSkipped() {
    TotpVerifier verifier = builder().window(Window.of(10, 0)).build();
    Instant atStart = Instant.ofEpochSecond(5);

    VerificationResult result =
        verifier.verify("alice", SECRET, GENERATOR.generateAtStep(0), atStart);

    assertThat(result).isEqualTo(VerificationResult.Accepted.code(0, 0));
  }

  @Test
  void verify_timeBeforeT0_rejected() {
    TotpVerifier verifier =
        builder().parameters(TotpParameters.DEFAULT.withT0(T.plusSeconds(3600))).build();

    assertThatThrownBy(() -> verifier.verify("alice", SECRET, "123456"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("time must not be before T0");
  }

  @Test
  void verify_emptyAccountId_rejected() {
    TotpVerifier verifier = builder().build();

    assertThatThrownBy(() -> verifier.verify("", SECRET, "123456"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("accountId must be 1 to 255 characters long but was 0");
  }

  @Test
  void verify_otherParameters_sha256EightDigitsSixtySeconds() {
    TotpParameters p =
        TotpParameters.DEFAULT
            .withAlgorithm(HmacAlgorithm.SHA256)
            .withDigits(8)
            .withPeriod(Duration.ofSeconds(60));
    TotpGenerator g = TotpGenerator.create(SECRET, p);
    TotpVerifier verifier = builder().parameters(p).build();

    assertThat(verifier.verify("alice", SECRET, g.generate(T)))
        .isEqualTo(VerificationResult.Accepted.code(g.stepAt(T), 0));
    assertThat(verifier.verify("bob", SECRET, codeAt(STEP)))
        .isEqualTo(VerificationResult.Malformed.code(8));
  }

  @Test
  void verify_storeFailsOnWrite_exceptionAndNothingAccepted() {
    AccountStateStore failing =
        new DelegatingStore(store) {
          @Override
          public boolean updateState(AccountState expected, AccountState next) {
            throw new StateStoreException("database is down");
          }
        };
    TotpVerifier verifier = TotpVerifier.builder(failing).clock(clock).build();

    assertThatThrownBy(() -> verifier.verify("alice", SECRET, codeAt(STEP)))
        .isInstanceOf(StateStoreException.class)
        .hasMessage("database is down");
    assertThat(store.loadState("alice").lastUsedStep()).isEqualTo(AccountState.NONE);
  }

  @Test
  void verify_stateBackAtJudgedCountWithLaterFailure_throttledNotCharged() {
    // Judged (3 failures, an hour ago: allowed); before the write lands, another request fails,
    // a success resets the count and three new failures bring it back to 3, now throttled.
    Instant longAgo = T.minusSeconds(3600);
    put(new AccountState("alice", STEP - 10, 3, longAgo, 0));
    AtomicBoolean raced = new AtomicBoolean();
    AccountStateStore racing =
        new DelegatingStore(store) {
          @Override
          public boolean updateState(AccountState expected, AccountState next) {
            if (raced.compareAndSet(false, true)) {
              put(new AccountState("alice", STEP - 5, 3, T, 0));
            }
            return super.updateState(expected, next);
          }
        };
    TotpVerifier verifier = TotpVerifier.builder(racing).clock(clock).build();

    VerificationResult result = verifier.verify("alice", SECRET, codeAt(STEP));

    assertThat(raced).isTrue();
    assertThat(result)
        .isEqualTo(new VerificationResult.Throttled(T.plusSeconds(1), Duration.ofSeconds(1)));
    assertThat(store.loadState("alice")).isEqualTo(new AccountState("alice", STEP - 5, 3, T, 0));
  }

  @Test
  void verify_sameCodeAcceptedByAnotherRequestBetweenReadAndWrite_reportedAsReplay() {
    AtomicBoolean raced = new AtomicBoolean();
    AccountStateStore racing =
        new DelegatingStore(store) {
          @Override
          public boolean updateState(AccountState expected, AccountState next) {
            if (raced.compareAndSet(false, true)) {
              put(AccountState.initial("alice").accepted(STEP, 0));
            }
            return super.updateState(expected, next);
          }
        };
    TotpVerifier verifier = TotpVerifier.builder(racing).clock(clock).build();

    assertThat(verifier.verify("alice", SECRET, codeAt(STEP)))
        .isEqualTo(new VerificationResult.AlreadyUsed(VerificationResult.Proof.CODE));
    assertThat(store.loadState("alice")).isEqualTo(new AccountState("alice", STEP, 1, T, 0));
  }

  @Test
  void verify_writeLostSixteenTimes_throttledWithoutSpinning() {
    AtomicInteger writes = new AtomicInteger();
    AccountStateStore losing =
        new DelegatingStore(store) {
          @Override
          public boolean updateState(AccountState expected, AccountState next) {
            writes.incrementAndGet();
            return false;
          }
        };
    TotpVerifier verifier = TotpVerifier.builder(losing).clock(clock).build();

    assertThat(verifier.verify("alice", SECRET, codeAt(STEP)))
        .isEqualTo(new VerificationResult.Throttled(T.plusSeconds(1), Duration.ofSeconds(1)));
    assertThat(writes).hasValue(16);
  }

  /** Stores a state for alice, whatever is stored. */
  private void put(AccountState state) {
    AccountState current = store.loadState(state.accountId());
    assertThat(store.updateState(current, state)).isTrue();
  }

  @Test
  void verify_listener_receivesEventsWithoutCodes() {
    List<TwoFactorEvent> events = new CopyOnWriteArrayList<>();
    TotpVerifier verifier =
        builder()
            .throttlePolicy(ThrottlePolicy.pauseAfter(2, Duration.ofSeconds(10)))
            .listener(events::add)
            .build();

    ignore(verifier.verify("alice", SECRET, wrongCode(1)));
    ignore(verifier.verify("alice", SECRET, codeAt(STEP)));
    ignore(verifier.verify("alice", SECRET, codeAt(STEP)));
    ignore(verifier.verify("alice", SECRET, "12"));
    ignore(verifier.verify("alice", SECRET, codeAt(STEP + 1)));

    assertThat(events)
        .containsExactly(
            new TwoFactorEvent("alice", TwoFactorEvent.Type.INVALID, T, -1, 1),
            new TwoFactorEvent("alice", TwoFactorEvent.Type.CODE_ACCEPTED, T, STEP, 0),
            new TwoFactorEvent("alice", TwoFactorEvent.Type.REPLAYED, T, STEP, 1),
            new TwoFactorEvent("alice", TwoFactorEvent.Type.MALFORMED, T, -1, 2),
            new TwoFactorEvent("alice", TwoFactorEvent.Type.THROTTLED, T, -1, 2));
  }

  @Test
  void verify_throwingListener_resultStandsAndFailureLogged() {
    TotpVerifier verifier =
        builder()
            .listener(
                e -> {
                  throw new IllegalStateException("audit table full");
                })
            .build();

    try (LogCapture logs = new LogCapture()) {
      VerificationResult result = verifier.verify("alice", SECRET, codeAt(STEP));

      assertThat(result).isEqualTo(VerificationResult.Accepted.code(STEP, 0));
      assertThat(logs.texts())
          .contains("two-factor listener failed for account alice; the outcome stands");
    }
  }

  @Test
  void verify_logs_nameAccountAndOutcomeButNeverCodeOrSecret() {
    List<String> codes = new ArrayList<>();
    TotpVerifier verifier =
        builder()
            .throttlePolicy(ThrottlePolicy.DEFAULT.withFreeFailures(3).withLockoutAfter(4))
            .listener(
                e -> {
                  throw new IllegalStateException("listener broke");
                })
            .build();
    try (LogCapture logs = new LogCapture()) {
      String right = codeAt(STEP);
      codes.add(right);
      ignore(verifier.verify("alice", SECRET, right));
      ignore(verifier.verify("alice", SECRET, right));
      String wrong = wrongCode(5);
      codes.add(wrong);
      ignore(verifier.verify("alice", SECRET, wrong));
      ignore(verifier.verify("alice", SECRET, "98765"));
      codes.add("98765");
      ignore(verifier.verify("alice", SECRET, codeAt(STEP + 1)));
      codes.add(codeAt(STEP + 1));
      clock.advance(Duration.ofSeconds(1));
      ignore(verifier.verify("alice", SECRET, wrong));
      ignore(verifier.verify("alice", SECRET, wrong));
      ignore(verifier.verify("mallory\nFORGED LINE", SECRET, wrong));

      List<String> texts = logs.texts();
      assertThat(texts)
          .contains(
              "code accepted for account alice at step " + STEP + " (drift 0 steps)",
              "replayed code for account alice: step "
                  + STEP
                  + " was already used (1 consecutive"
                  + " failures)",
              "wrong code for account alice (2 consecutive failures)",
              "malformed code for account alice (3 consecutive failures)",
              "attempt refused for account alice: throttled until "
                  + T.plusSeconds(1)
                  + " after 3 consecutive failures",
              "attempt refused for account alice: locked after 4 consecutive failures",
              "wrong code for account mallory?FORGED LINE (1 consecutive failures)");
      for (String text : texts) {
        for (String code : codes) {
          assertThat(text).doesNotContain(code);
        }
        assertThat(text).doesNotContain(SECRET.revealBase32());
      }
      assertThat(logs.records())
          .allSatisfy(r -> assertThat(r.getLoggerName()).startsWith("io.github.otpkit.totp"));
    }
  }

  @Test
  void matchWithoutReplayProtection_returnsStepEveryTimeAndTouchesNoState() {
    TotpVerifier verifier = builder().build();

    OptionalLong first = verifier.matchWithoutReplayProtection(SECRET, codeAt(STEP - 1), T);
    OptionalLong again = verifier.matchWithoutReplayProtection(SECRET, codeAt(STEP - 1), T);

    assertThat(first).hasValue(STEP - 1);
    assertThat(again).hasValue(STEP - 1);
    assertThat(verifier.matchWithoutReplayProtection(SECRET, wrongCode(1), T)).isEmpty();
    assertThat(verifier.matchWithoutReplayProtection(SECRET, "+12345", T)).isEmpty();
    assertThat(verifier.matchWithoutReplayProtection(SECRET, codeAt(STEP + 2), T)).isEmpty();
    assertThat(store.size()).isZero();
  }

  @Test
  void toString_describesConfigurationOnly() {
    assertThat(builder().build().toString())
        .isEqualTo("TotpVerifier[SHA1, 6 digits, 30 s, window 1/1]");
    assertThat(builder().trackDrift(true).window(Window.of(2, 0)).build().toString())
        .isEqualTo("TotpVerifier[SHA1, 6 digits, 30 s, window 2/0, drift tracked]");
  }

  /** Forwards to another store; tests override single operations to inject failures. */
  static class DelegatingStore implements AccountStateStore {
    private final AccountStateStore delegate;

    DelegatingStore(AccountStateStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public AccountState loadState(String accountId) {
      return delegate.loadState(accountId);
    }

    @Override
    public boolean updateState(AccountState expected, AccountState next) {
      return delegate.updateState(expected, next);
    }

    @Override
    public void resetState(String accountId, long lastUsedStep) {
      delegate.resetState(accountId, lastUsedStep);
    }

    @Override
    public void deleteState(String accountId) {
      delegate.deleteState(accountId);
    }
  }

  /** Makes an attempt whose result the test checks otherwise (state, events, logs). */
  private static void ignore(Object result) {
    assertThat(result).isNotNull();
  }
}

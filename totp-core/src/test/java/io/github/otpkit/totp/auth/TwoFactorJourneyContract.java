package io.github.otpkit.totp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.auth.VerificationResult.Kind;
import io.github.otpkit.totp.crypto.EncryptionKey;
import io.github.otpkit.totp.crypto.SecretCipher;
import io.github.otpkit.totp.store.AccountState;
import io.github.otpkit.totp.store.EnrollmentStore;
import io.github.otpkit.totp.store.PendingCredential;
import io.github.otpkit.totp.store.RecoveryCodeHash;
import io.github.otpkit.totp.store.StateUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole two-factor journey through {@link TwoFactorService}, with a fake clock, run by the
 * store tests on every store: in memory, H2 (memory and file) and PostgreSQL. Two services on two
 * store instances (two connection pools for JDBC) stand for two nodes of one portal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TwoFactorJourneyContract {
  private static final int JOURNEY_THREADS = 16;
  private static final int JOURNEY_ROUNDS = 200;
  private static final Instant START = Instant.parse("2026-11-28T10:00:05Z");

  private final ExecutorService journeyPool = Executors.newFixedThreadPool(JOURNEY_THREADS);
  private final SecretCipher journeyCipher = SecretCipher.create(EncryptionKey.generate("journey"));

  /** For subclasses. */
  protected TwoFactorJourneyContract() {}

  /** The store under test: node 1. */
  protected abstract EnrollmentStore store();

  /** Another store instance on the same data, through another data source: node 2. */
  protected abstract EnrollmentStore secondNode();

  @AfterAll
  void stopJourneyThreads() throws InterruptedException {
    journeyPool.shutdownNow();
    assertThat(journeyPool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private TwoFactorService service(EnrollmentStore s, FakeClock clock, ThrottlePolicy policy) {
    return TwoFactorService.builder(s, journeyCipher)
        .issuer("Photo Portal")
        .throttlePolicy(policy)
        .clock(clock)
        .build();
  }

  private static String account() {
    return "journey-" + UUID.randomUUID();
  }

  private static TotpGenerator app(Enrollment enrollment, FakeClock clock) {
    OtpAuthUri scanned = OtpAuthUri.parse(enrollment.uri().revealUriString());
    return TotpGenerator.create(scanned.secret(), scanned.totpParameters()).withClock(clock);
  }

  /** A code of a far step that is wrong now (matches no step of the window). */
  private static String wrong(TotpGenerator app, FakeClock clock) {
    long step = app.stepAt(clock.instant());
    for (long s = step + 100; ; s++) {
      String other = app.generateAtStep(s);
      if (!other.equals(app.generateAtStep(step))
          && !other.equals(app.generateAtStep(step - 1))
          && !other.equals(app.generateAtStep(step + 1))) {
        return other;
      }
    }
  }

  private static VerificationResult.Accepted accepted(VerificationResult result) {
    assertThat(result.isAccepted()).as(result.message()).isTrue();
    return (VerificationResult.Accepted) result;
  }

  private static RecoveryCodes codesOf(VerificationResult result) {
    return accepted(result).newRecoveryCodes().orElseThrow();
  }

  /** Starts and confirms a first enrollment; returns the phone app and the recovery codes. */
  private record Enabled(TotpGenerator app, RecoveryCodes codes) {}

  private static Enabled enable(TwoFactorService service, String id, FakeClock clock) {
    TotpGenerator app = app(service.startEnrollment(id, "user").orElseThrow(), clock);
    RecoveryCodes codes = codesOf(service.confirmEnrollment(id, app.generate()));
    return new Enabled(app, codes);
  }

  @Test
  void journey_enableSignInRecoverReplaceDisable() {
    FakeClock clock = new FakeClock(START);
    List<TwoFactorEvent> events = new CopyOnWriteArrayList<>();
    TwoFactorService service =
        TwoFactorService.builder(store(), journeyCipher)
            .issuer("Photo Portal")
            .throttlePolicy(ThrottlePolicy.pauseAfter(5, Duration.ofSeconds(60)))
            .clock(clock)
            .listener(events::add)
            .build();
    String id = account();

    // Enable: a pending secret, shown as a QR code and a manual key.
    assertThat(service.status(id).enabled()).isFalse();
    Enrollment enrollment = service.startEnrollment(id, "alice@example.com").orElseThrow();
    assertThat(enrollment.isReplacement()).isFalse();
    assertThat(enrollment.revealManualKey().replace(" ", ""))
        .isEqualTo(enrollment.uri().secret().revealBase32());
    assertThat(enrollment.toString()).doesNotContain(enrollment.uri().secret().revealBase32());
    assertThat(enrollment.uri().issuer()).contains("Photo Portal");
    assertThat(service.status(id).enrollmentPending()).isTrue();
    assertThat(service.currentEnrollment(id, "alice@example.com").orElseThrow().revealManualKey())
        .isEqualTo(enrollment.revealManualKey());
    TotpGenerator app = app(enrollment, clock);

    // Only a correct first code switches it on.
    VerificationResult wrongFirst = service.confirmEnrollment(id, wrong(app, clock));
    assertThat(wrongFirst.kind()).isEqualTo(Kind.INVALID);
    assertThat(service.status(id).enabled()).isFalse();
    String first = app.generate();
    VerificationResult.Accepted on = accepted(service.confirmEnrollment(id, first));
    assertThat(on.message()).isEqualTo("Two-factor authentication is on.");
    RecoveryCodes recovery = on.newRecoveryCodes().orElseThrow();
    assertThat(recovery.count()).isEqualTo(TwoFactorService.DEFAULT_RECOVERY_CODE_COUNT);
    assertThat(recovery.toString()).isEqualTo("RecoveryCodes[10 codes, redacted]");
    TwoFactorStatus status = service.status(id);
    assertThat(status.enabled()).isTrue();
    assertThat(status.enabledSince()).isEqualTo(START);
    assertThat(status.enrollmentPending()).isFalse();
    assertThat(status.recoveryCodesLeft()).isEqualTo(10);
    assertThat(status.shouldReEnroll()).isFalse();

    // The confirming code cannot also sign in; a second confirmation finds nothing to confirm.
    assertThat(service.verify(id, first).kind()).isEqualTo(Kind.ALREADY_USED);
    assertThat(service.confirmEnrollment(id, first).kind()).isEqualTo(Kind.NO_ENROLLMENT);
    assertThat(service.startEnrollment(id, "alice@example.com"))
        .as("2FA is on: a new phone needs proof")
        .isEmpty();

    // Sign in with the next code, once.
    clock.advance(Duration.ofSeconds(30));
    String next = app.generate();
    VerificationResult.Accepted signedIn = accepted(service.verify(id, next));
    assertThat(signedIn.proof()).isEqualTo(VerificationResult.Proof.CODE);
    assertThat(signedIn.driftSteps()).isZero();
    assertThat(signedIn.message()).isEqualTo("Code accepted.");
    VerificationResult replay = service.verify(id, next);
    assertThat(replay.kind()).isEqualTo(Kind.ALREADY_USED);
    assertThat(replay.message()).contains("already used");

    // A recovery code works once.
    String rc = recovery.revealCodes().get(3);
    VerificationResult.Accepted used =
        accepted(service.useRecoveryCode(id, rc.toLowerCase(Locale.ROOT)));
    assertThat(used.proof()).isEqualTo(VerificationResult.Proof.RECOVERY_CODE);
    assertThat(used.message()).isEqualTo("Recovery code accepted. You have 9 recovery codes left.");
    VerificationResult spent = service.useRecoveryCode(id, rc);
    assertThat(spent.kind()).isEqualTo(Kind.ALREADY_USED);
    assertThat(spent.message())
        .isEqualTo("This recovery code was already used. Each code works once.");
    assertThat(service.status(id).recoveryCodesLeft()).isEqualTo(9);

    // New recovery codes need a current code; the old ones stop working.
    clock.advance(Duration.ofSeconds(30));
    RecoveryCodes fresh = codesOf(service.regenerateRecoveryCodes(id, app.generate()));
    assertThat(service.useRecoveryCode(id, recovery.revealCodes().get(0)).kind())
        .isEqualTo(Kind.INVALID);

    // A new phone needs proof of the current factor; the old app works until the new one is on.
    clock.advance(Duration.ofSeconds(30));
    assertThat(service.startReplacement(id, "alice@example.com", wrong(app, clock)).kind())
        .isEqualTo(Kind.INVALID);
    assertThat(service.currentEnrollment(id, "alice@example.com")).isEmpty();
    VerificationResult proven = service.startReplacement(id, "alice@example.com", app.generate());
    assertThat(accepted(proven).message())
        .isEqualTo("Your current authenticator is confirmed. Now set up the new one.");
    Enrollment replacement = service.currentEnrollment(id, "alice@example.com").orElseThrow();
    assertThat(replacement.isReplacement()).isTrue();
    TotpGenerator newApp = app(replacement, clock);
    clock.advance(Duration.ofSeconds(30));
    assertThat(service.verify(id, app.generate()).isAccepted()).isTrue();
    clock.advance(Duration.ofSeconds(30));
    VerificationResult.Accepted replaced =
        accepted(service.confirmEnrollment(id, newApp.generate()));
    assertThat(replaced.message())
        .isEqualTo("Your new authenticator is active. The old one no longer works.");
    assertThat(replaced.newRecoveryCodes()).isEmpty();
    assertThat(service.status(id).recoveryCodesLeft()).isEqualTo(fresh.count());
    clock.advance(Duration.ofSeconds(30));
    assertThat(service.verify(id, app.generate()).kind()).isEqualTo(Kind.INVALID);
    assertThat(service.verify(id, newApp.generate()).isAccepted()).isTrue();

    // Disable needs a current code (or a recovery code); then nothing is left.
    clock.advance(Duration.ofSeconds(30));
    assertThat(service.disable(id, "000000 0").kind()).isIn(Kind.MALFORMED, Kind.INVALID);
    VerificationResult.Accepted off = accepted(service.disable(id, newApp.generate()));
    assertThat(off.message()).isEqualTo("Two-factor authentication is off.");
    TwoFactorStatus offStatus = service.status(id);
    assertThat(offStatus.enabled()).isFalse();
    assertThat(offStatus.recoveryCodesLeft()).isZero();
    assertThat(service.disable(id, newApp.generate()).kind()).isEqualTo(Kind.NOT_ENABLED);
    VerificationResult notOn = service.verify(id, "123456");
    assertThat(notOn.kind()).isEqualTo(Kind.NOT_ENABLED);
    assertThat(notOn.message()).isEqualTo("Two-factor authentication is not on for this account.");

    assertThat(events.stream().map(TwoFactorEvent::type))
        .contains(
            TwoFactorEvent.Type.ENROLLMENT_STARTED,
            TwoFactorEvent.Type.ENABLED,
            TwoFactorEvent.Type.CODE_ACCEPTED,
            TwoFactorEvent.Type.REPLAYED,
            TwoFactorEvent.Type.RECOVERY_CODE_USED,
            TwoFactorEvent.Type.RECOVERY_CODES_REGENERATED,
            TwoFactorEvent.Type.REPLACEMENT_STARTED,
            TwoFactorEvent.Type.REPLACED,
            TwoFactorEvent.Type.INVALID,
            TwoFactorEvent.Type.DISABLED);
    assertThat(events).allSatisfy(e -> assertThat(e.accountId()).isEqualTo(id));
  }

  @Test
  void confirm_expiredOrMissingOrCancelled_answersWithoutCharging() {
    FakeClock clock = new FakeClock(START);
    TwoFactorService service = service(store(), clock, ThrottlePolicy.DEFAULT);
    String id = account();

    assertThat(service.confirmEnrollment(id, "123456").kind()).isEqualTo(Kind.NO_ENROLLMENT);
    Enrollment e = service.startEnrollment(id, "bob").orElseThrow();
    clock.advance(TwoFactorService.DEFAULT_ENROLLMENT_TTL);
    VerificationResult expired = service.confirmEnrollment(id, app(e, clock).generate());
    assertThat(expired.kind()).isEqualTo(Kind.EXPIRED);
    assertThat(expired.message())
        .isEqualTo("The setup has expired. Start again to get a new QR code.");
    assertThat(service.status(id).enrollmentPending()).isFalse();
    assertThat(service.currentEnrollment(id, "bob")).isEmpty();

    assertThat(service.startEnrollment(id, "bob")).isPresent();
    assertThat(service.cancelEnrollment(id)).isTrue();
    assertThat(service.cancelEnrollment(id)).isFalse();
    assertThat(service.status(id).enrollmentPending()).isFalse();
    assertThat(service.useRecoveryCode(id, "ABCD-EFGH-JKMN-PQRS").kind())
        .isEqualTo(Kind.NOT_ENABLED);
    assertThat(service.regenerateRecoveryCodes(id, "123456").kind()).isEqualTo(Kind.NOT_ENABLED);
    assertThat(service.startReplacement(id, "bob", "123456").kind()).isEqualTo(Kind.NOT_ENABLED);
    assertThat(store().loadState(id).failures()).as("nothing was charged").isZero();
  }

  @Test
  void verify_twoFactorSwitchedOffInAnotherTab_notEnabledInsteadOfAnError() {
    FakeClock clock = new FakeClock(START);
    TwoFactorService service = service(store(), clock, ThrottlePolicy.DEFAULT);
    String id = account();
    Enabled on = enable(service, id, clock);
    clock.advance(Duration.ofSeconds(30));
    assertThat(service.disable(id, on.codes().revealCodes().get(0)).isAccepted()).isTrue();

    assertThat(service.verify(id, on.app().generate()).kind()).isEqualTo(Kind.NOT_ENABLED);
    assertThat(service.useRecoveryCode(id, on.codes().revealCodes().get(1)).kind())
        .isEqualTo(Kind.NOT_ENABLED);
  }

  @Test
  void replacement_proofByRecoveryCode_spendsItAndWrongProofIsCharged() {
    FakeClock clock = new FakeClock(START);
    List<TwoFactorEvent> events = new CopyOnWriteArrayList<>();
    TwoFactorService service =
        TwoFactorService.builder(store(), journeyCipher)
            .issuer("Photo Portal")
            .clock(clock)
            .listener(events::add)
            .build();
    String id = account();
    Enabled on = enable(service, id, clock);

    // Lost phone: a recovery code is the proof.
    VerificationResult wrongProof = service.startReplacement(id, "ivan", "ABCD-EFGH-JKMN-PQRS");
    assertThat(wrongProof.kind()).isEqualTo(Kind.INVALID);
    assertThat(store().loadState(id).failures()).isEqualTo(1);
    String rc = on.codes().revealCodes().get(0);
    assertThat(service.startReplacement(id, "ivan", rc).isAccepted()).isTrue();
    assertThat(service.status(id).recoveryCodesLeft()).isEqualTo(9);
    assertThat(store().loadState(id).failures()).isZero();
    assertThat(service.startReplacement(id, "ivan", rc).kind()).isEqualTo(Kind.ALREADY_USED);
    TotpGenerator newApp = app(service.currentEnrollment(id, "ivan").orElseThrow(), clock);
    clock.advance(Duration.ofSeconds(30));
    assertThat(service.confirmEnrollment(id, newApp.generate()).isAccepted()).isTrue();
    assertThat(events.stream().map(TwoFactorEvent::type))
        .containsSubsequence(
            TwoFactorEvent.Type.INVALID,
            TwoFactorEvent.Type.RECOVERY_CODE_USED,
            TwoFactorEvent.Type.REPLACEMENT_STARTED,
            TwoFactorEvent.Type.CODE_ACCEPTED,
            TwoFactorEvent.Type.REPLACED);
  }

  @Test
  void replacement_firstSetupStartedBeforeAnotherTabEnabled_cannotReplaceWithoutProof() {
    // Tab A starts a first setup; tab B enables 2FA meanwhile. A's setup must not become a
    // replacement that swaps B's authenticator without proof of it.
    FakeClock clock = new FakeClock(START);
    TwoFactorService service = service(store(), clock, ThrottlePolicy.DEFAULT);
    String id = account();
    TotpGenerator appA = app(service.startEnrollment(id, "judy").orElseThrow(), clock);
    EnrollmentStore s = store();
    PendingCredential stale = s.load(id).pendingCredential().orElseThrow();
    Enabled b = enable(service, id, clock);
    s.savePending(id, stale);

    assertThat(service.status(id).enrollmentPending()).isFalse();
    assertThat(service.currentEnrollment(id, "judy")).isEmpty();
    assertThat(service.confirmEnrollment(id, appA.generate()).kind()).isEqualTo(Kind.NO_ENROLLMENT);
    clock.advance(Duration.ofSeconds(30));
    assertThat(service.verify(id, b.app().generate()).isAccepted())
        .as("B's authenticator still works")
        .isTrue();
  }

  @Test
  void replacement_confirmedAtEarlierStep_neverLowersTheReplayFloor() {
    // Regression (security review item 2): the confirm statements set the last used step to the
    // confirming step unconditionally, so a step used before could be accepted again.
    FakeClock clock = new FakeClock(START);
    TwoFactorService service = service(store(), clock, ThrottlePolicy.DEFAULT);
    String id = account();
    Enabled on = enable(service, id, clock);
    clock.advance(Duration.ofSeconds(60));
    assertThat(service.startReplacement(id, "ken", on.app().generate()).isAccepted()).isTrue();
    long usedStep = store().loadState(id).lastUsedStep();
    TotpGenerator newApp = app(service.currentEnrollment(id, "ken").orElseThrow(), clock);

    // The new phone's clock is one step behind: its code is for the step before the used one.
    String behind = newApp.generateAtStep(usedStep - 1);
    assertThat(service.confirmEnrollment(id, behind).isAccepted()).isTrue();

    assertThat(store().loadState(id).lastUsedStep()).isEqualTo(usedStep);
    assertThat(service.verify(id, newApp.generateAtStep(usedStep)).kind())
        .as("the step already used before the replacement stays used")
        .isEqualTo(Kind.ALREADY_USED);
  }

  @Test
  void recoveryCodes_copiedOntoAnotherAccount_refusedThere() {
    // Regression (security review item 4): recovery-code hashes were not bound to their account.
    FakeClock clock = new FakeClock(START);
    TwoFactorService service = service(store(), clock, ThrottlePolicy.DEFAULT);
    String victim = account();
    String attacker = account();
    Enabled v = enable(service, victim, clock);
    ignore(enable(service, attacker, clock));
    List<RecoveryCodeHash> victimRows = store().loadWithRecoveryCodes(victim).recoveryCodes();
    // The attacker's account gets the victim's rows, as a copy in the database would do.
    AccountState state = store().loadState(attacker);
    assertThat(
            store()
                .replaceRecoveryCodes(
                    new StateUpdate(state, state, null, clock.instant()), victimRows))
        .isTrue();

    assertThat(service.useRecoveryCode(attacker, v.codes().revealCodes().get(0)).kind())
        .isEqualTo(Kind.INVALID);
    assertThat(service.useRecoveryCode(victim, v.codes().revealCodes().get(0)).isAccepted())
        .isTrue();
  }

  @Test
  void throttling_sharedBySignInAndRecoveryCodes_correctCodeRefusedDuringPause() {
    FakeClock clock = new FakeClock(START);
    TwoFactorService service =
        service(store(), clock, ThrottlePolicy.pauseAfter(5, Duration.ofSeconds(60)));
    String id = account();
    Enabled on = enable(service, id, clock);
    clock.advance(Duration.ofSeconds(30));

    for (int i = 0; i < 5; i++) {
      assertThat(service.verify(id, wrong(on.app(), clock)).kind()).isEqualTo(Kind.INVALID);
    }
    VerificationResult refused = service.verify(id, on.app().generate());
    assertThat(refused.kind()).isEqualTo(Kind.THROTTLED);
    assertThat(refused.message()).isEqualTo("Too many attempts: try again in 60 seconds.");
    VerificationResult recoveryRefused = service.useRecoveryCode(id, "ABCD-EFGH-JKMN-PQRS");
    assertThat(recoveryRefused.kind()).isEqualTo(Kind.THROTTLED);
    assertThat(((VerificationResult.Throttled) recoveryRefused).retryAfter())
        .isEqualTo(START.plusSeconds(90));
    assertThat(service.disable(id, on.app().generate()).kind()).isEqualTo(Kind.THROTTLED);
    assertThat(store().loadState(id).failures()).as("refusals are not charged").isEqualTo(5);

    clock.advance(Duration.ofSeconds(60));
    assertThat(service.verify(id, on.app().generate()).isAccepted()).isTrue();
    assertThat(store().loadState(id).failures()).isZero();
  }

  @Test
  void lockout_endedByRecoveryCode() {
    FakeClock clock = new FakeClock(START);
    ThrottlePolicy lockAfterThree = ThrottlePolicy.DEFAULT.withFreeFailures(10).withLockoutAfter(3);
    TwoFactorService service = service(store(), clock, lockAfterThree);
    String id = account();
    Enabled on = enable(service, id, clock);
    clock.advance(Duration.ofSeconds(30));
    for (int i = 0; i < 3; i++) {
      assertThat(service.verify(id, wrong(on.app(), clock)).kind()).isEqualTo(Kind.INVALID);
    }
    assertThat(service.verify(id, on.app().generate()).kind()).isEqualTo(Kind.LOCKED);

    assertThat(service.useRecoveryCode(id, on.codes().revealCodes().get(0)).isAccepted()).isTrue();
    assertThat(service.verify(id, on.app().generate()).isAccepted()).isTrue();
  }

  @Test
  void trackDrift_builderOption_centresTheWindowOnTheObservedDrift() {
    FakeClock clock = new FakeClock(START);
    TwoFactorService service =
        TwoFactorService.builder(store(), journeyCipher)
            .issuer("Photo Portal")
            .trackDrift(true)
            .clock(clock)
            .build();
    assertThat(service.tracksDrift()).isTrue();
    String id = account();
    Enabled on = enable(service, id, clock);
    long step = on.app().stepAt(clock.instant());

    // The phone runs one step behind: accepted, and remembered.
    clock.advance(Duration.ofSeconds(60));
    VerificationResult.Accepted behind =
        accepted(service.verify(id, on.app().generateAtStep(step + 1)));
    assertThat(behind.driftSteps()).isEqualTo(-1);
    assertThat(store().loadState(id).driftSteps()).isEqualTo(-1);
    // Two steps behind is outside a ±1 window, but inside it once centred on -1.
    clock.advance(Duration.ofSeconds(60));
    assertThat(service.verify(id, on.app().generateAtStep(step + 2)).isAccepted()).isTrue();

    TwoFactorService untracked = service(store(), clock, ThrottlePolicy.DEFAULT);
    assertThat(untracked.tracksDrift()).isFalse();
    String other = account();
    Enabled o = enable(untracked, other, clock);
    long now = o.app().stepAt(clock.instant());
    clock.advance(Duration.ofSeconds(60));
    assertThat(untracked.verify(other, o.app().generateAtStep(now + 1)).isAccepted()).isTrue();
    assertThat(store().loadState(other).driftSteps()).as("off by default").isZero();
  }

  @Test
  void import_plaintextSecret_appKeepsWorkingAndCurrentStepIsUsed() {
    FakeClock clock = new FakeClock(START);
    List<TwoFactorEvent> events = new CopyOnWriteArrayList<>();
    TwoFactorService service =
        TwoFactorService.builder(store(), journeyCipher)
            .issuer("Photo Portal")
            .clock(clock)
            .listener(events::add)
            .build();
    String id = account();
    OtpSecret existing = OtpSecret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    TotpGenerator app = TotpGenerator.create(existing).withClock(clock);
    String seenBeforeImport = app.generate();
    Instant since = Instant.parse("2024-02-01T09:00:00Z");

    TwoFactorService.ImportResult imported =
        service.importEnrollment(id, existing, TotpParameters.DEFAULT, since);
    assertThat(imported.imported()).isTrue();
    assertThat(imported.newRecoveryCodes()).isEmpty();
    TwoFactorStatus status = service.status(id);
    assertThat(status.enabled()).isTrue();
    assertThat(status.enabledSince()).isEqualTo(since);
    assertThat(status.recoveryCodesLeft()).isZero();
    assertThat(status.shouldReEnroll()).isFalse();
    assertThat(service.verify(id, seenBeforeImport).kind())
        .as("a code of the import's step cannot be replayed")
        .isEqualTo(Kind.ALREADY_USED);
    clock.advance(Duration.ofSeconds(30));
    assertThat(service.verify(id, app.generate()).isAccepted()).isTrue();

    // Idempotent: an account that already has an authenticator keeps it.
    TwoFactorService.ImportResult again =
        service.importEnrollment(
            id,
            OtpSecret.generate(),
            TotpParameters.DEFAULT,
            since,
            TwoFactorService.ImportOption.ISSUE_RECOVERY_CODES);
    assertThat(again).isEqualTo(new TwoFactorService.ImportResult(false, null));
    clock.advance(Duration.ofSeconds(30));
    assertThat(service.verify(id, app.generate()).isAccepted()).isTrue();
    assertThat(events.stream().filter(e -> e.type() == TwoFactorEvent.Type.IMPORTED)).hasSize(1);
  }

  @Test
  void import_shortSecret_onlyWhenAllowed_thenStatusAsksToReEnroll() {
    FakeClock clock = new FakeClock(START);
    TwoFactorService service = service(store(), clock, ThrottlePolicy.DEFAULT);
    String id = account();
    OtpSecret short80 =
        OtpSecret.fromBase32("GEZDGNBVGY3TQOJQ"); // 10 bytes, as many services issue

    assertThatThrownBy(() -> service.importEnrollment(id, short80, TotpParameters.DEFAULT, START))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "secret must be at least 16 bytes but was 10 bytes; pass"
                + " ImportOption.ALLOW_SHORT_SECRET to import it and ask the user to re-enroll");
    assertThat(service.status(id).enabled()).isFalse();

    TwoFactorService.ImportResult imported =
        service.importEnrollment(
            id,
            short80,
            TotpParameters.DEFAULT,
            START,
            TwoFactorService.ImportOption.ALLOW_SHORT_SECRET,
            TwoFactorService.ImportOption.ISSUE_RECOVERY_CODES);
    assertThat(imported.imported()).isTrue();
    assertThat(imported.newRecoveryCodes().orElseThrow().count()).isEqualTo(10);
    assertThat(service.status(id).shouldReEnroll()).isTrue();
    assertThat(service.status(id).recoveryCodesLeft()).isEqualTo(10);
    clock.advance(Duration.ofSeconds(30));
    assertThat(
            service
                .verify(id, TotpGenerator.create(short80).generate(clock.instant()))
                .isAccepted())
        .isTrue();
    assertThat(
            service
                .useRecoveryCode(id, imported.newRecoveryCodes().orElseThrow().revealCodes().get(0))
                .isAccepted())
        .isTrue();
  }

  @Test
  @Tag("integration") // 200 races of 16 threads: too slow to repeat for every PIT mutant
  void twoNodes_sameCodeConcurrently_exactlyOneAcceptedPerRound() throws Exception {
    FakeClock clock = new FakeClock(START);
    ThrottlePolicy lenient =
        ThrottlePolicy.DEFAULT.withFreeFailures(ThrottlePolicy.MAX_FREE_FAILURES);
    TwoFactorService node1 = service(store(), clock, lenient);
    TwoFactorService node2 = service(secondNode(), clock, lenient);
    String id = account();
    Enabled on = enable(node1, id, clock);

    for (int round = 0; round < JOURNEY_ROUNDS; round++) {
      clock.advance(Duration.ofSeconds(30));
      String code = on.app().generate();
      List<VerificationResult> results = race(t -> (t % 2 == 0 ? node1 : node2).verify(id, code));
      assertThat(results.stream().filter(VerificationResult::isAccepted))
          .as("round %d: %s", round, results)
          .hasSize(1);
      assertThat(results)
          .allSatisfy(
              r -> assertThat(r.kind()).isIn(Kind.ACCEPTED, Kind.ALREADY_USED, Kind.THROTTLED));
    }
  }

  @Test
  @Tag("integration") // 200 races of 16 threads: too slow to repeat for every PIT mutant
  void twoNodes_sameRecoveryCodeConcurrently_usedExactlyOnce() throws Exception {
    FakeClock clock = new FakeClock(START);
    ThrottlePolicy lenient =
        ThrottlePolicy.DEFAULT.withFreeFailures(ThrottlePolicy.MAX_FREE_FAILURES);
    TwoFactorService node1 = service(store(), clock, lenient);
    TwoFactorService node2 = service(secondNode(), clock, lenient);
    String id = account();
    Enabled on = enable(node1, id, clock);
    List<String> codes = new ArrayList<>(on.codes().revealCodes());

    for (int round = 0; round < JOURNEY_ROUNDS; round++) {
      if (codes.isEmpty()) {
        clock.advance(Duration.ofSeconds(30));
        codes.addAll(codesOf(node1.regenerateRecoveryCodes(id, on.app().generate())).revealCodes());
      }
      String code = codes.remove(0);
      List<VerificationResult> results =
          race(t -> (t % 2 == 0 ? node1 : node2).useRecoveryCode(id, code));
      assertThat(results.stream().filter(VerificationResult::isAccepted))
          .as("round %d: %s", round, results)
          .hasSize(1);
    }
  }

  @Test
  void restart_stateWrittenByOneNodeIsReadByAnother() {
    FakeClock clock = new FakeClock(START);
    TwoFactorService node1 = service(store(), clock, ThrottlePolicy.DEFAULT);
    String id = account();
    TotpGenerator app = app(node1.startEnrollment(id, "grace").orElseThrow(), clock);
    String first = app.generate();
    ignore(codesOf(node1.confirmEnrollment(id, first)));

    TwoFactorService node2 = service(secondNode(), clock, ThrottlePolicy.DEFAULT);
    TwoFactorStatus status = node2.status(id);
    assertThat(status.enabled()).isTrue();
    assertThat(status.recoveryCodesLeft()).isEqualTo(10);
    assertThat(node2.verify(id, first).kind()).isEqualTo(Kind.ALREADY_USED);
    clock.advance(Duration.ofSeconds(30));
    assertThat(node2.verify(id, app.generate()).isAccepted()).isTrue();
  }

  @Test
  void logs_neverContainSecretsCodesOrRecoveryCodes() {
    FakeClock clock = new FakeClock(START);
    List<String> secrets = new ArrayList<>();
    List<String> texts;
    try (LogCapture capture = new LogCapture()) {
      TwoFactorService service =
          service(store(), clock, ThrottlePolicy.pauseAfter(5, Duration.ofSeconds(60)));
      String id = account();
      Enrollment e = service.startEnrollment(id, "heidi").orElseThrow();
      secrets.add(e.uri().secret().revealBase32());
      TotpGenerator app = app(e, clock);
      String bad = wrong(app, clock);
      secrets.add(bad);
      assertThat(service.confirmEnrollment(id, bad).kind()).isEqualTo(Kind.INVALID);
      String first = app.generate();
      secrets.add(first);
      RecoveryCodes codes = codesOf(service.confirmEnrollment(id, first));
      secrets.addAll(codes.revealCodes());
      assertThat(service.verify(id, first).kind()).isEqualTo(Kind.ALREADY_USED);
      assertThat(service.useRecoveryCode(id, codes.revealCodes().get(0)).isAccepted()).isTrue();
      assertThat(service.useRecoveryCode(id, codes.revealCodes().get(0)).isAccepted()).isFalse();
      clock.advance(Duration.ofSeconds(30));
      String next = app.generate();
      secrets.add(next);
      assertThat(service.startReplacement(id, "heidi", next).isAccepted()).isTrue();
      secrets.add(
          service.currentEnrollment(id, "heidi").orElseThrow().uri().secret().revealBase32());
      assertThat(service.disable(id, codes.revealCodes().get(1)).isAccepted()).isTrue();
      texts = capture.texts();
    }
    assertThat(texts).isNotEmpty();
    for (String secret : secrets) {
      Pattern word = Pattern.compile("\\b" + Pattern.quote(secret) + "\\b");
      assertThat(texts).noneMatch(t -> word.matcher(t).find());
    }
  }

  private <T> List<T> race(java.util.function.IntFunction<T> attempt) throws Exception {
    CyclicBarrier start = new CyclicBarrier(JOURNEY_THREADS);
    List<Future<T>> futures = new ArrayList<>();
    for (int t = 0; t < JOURNEY_THREADS; t++) {
      int thread = t;
      Callable<T> task =
          () -> {
            start.await(10, TimeUnit.SECONDS);
            return attempt.apply(thread);
          };
      futures.add(journeyPool.submit(task));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get(60, TimeUnit.SECONDS));
    }
    return results;
  }

  /** Makes an attempt whose result the test checks otherwise (state, events, logs). */
  private static void ignore(Object result) {
    assertThat(result).isNotNull();
  }
}

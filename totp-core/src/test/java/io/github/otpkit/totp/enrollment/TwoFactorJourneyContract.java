package io.github.otpkit.totp.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.verify.FakeClock;
import io.github.otpkit.totp.verify.LogCapture;
import io.github.otpkit.totp.verify.ThrottlePolicy;
import io.github.otpkit.totp.verify.VerificationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

  /** A correct code that is not {@code code}: another step's code that is wrong now. */
  private static String wrong(TotpGenerator app, FakeClock clock) {
    String right = app.generate();
    long step = app.stepAt(clock.instant());
    for (long s = step + 100; ; s++) {
      String other = app.generateAtStep(s);
      if (!other.equals(right)
          && !other.equals(app.generateAtStep(step - 1))
          && !other.equals(app.generateAtStep(step + 1))) {
        return other;
      }
    }
  }

  private static RecoveryCodes codesOf(TwoFactorResult result) {
    assertThat(result.isSuccess()).as(result.message()).isTrue();
    return ((TwoFactorResult.Success) result).newRecoveryCodes().orElseThrow();
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
    Enrollment enrollment = service.startEnrollment(id, "alice@example.com");
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
    TwoFactorResult wrongFirst = service.confirmEnrollment(id, wrong(app, clock));
    assertThat(wrongFirst).isInstanceOf(TwoFactorResult.Failure.class);
    assertThat(((TwoFactorResult.Failure) wrongFirst).reason())
        .isEqualTo(TwoFactorResult.Reason.INVALID);
    assertThat(service.status(id).enabled()).isFalse();
    String first = app.generate();
    RecoveryCodes recovery = codesOf(service.confirmEnrollment(id, first));
    assertThat(recovery.count()).isEqualTo(RecoveryCodeHasher.DEFAULT_COUNT);
    TwoFactorStatus on = service.status(id);
    assertThat(on.enabled()).isTrue();
    assertThat(on.enabledSince()).isEqualTo(START);
    assertThat(on.enrollmentPending()).isFalse();
    assertThat(on.recoveryCodesLeft()).isEqualTo(10);

    // The confirming code cannot also sign in; a second confirmation finds nothing to confirm.
    assertThat(service.verify(id, first).kind()).isEqualTo(VerificationResult.Kind.ALREADY_USED);
    assertThat(((TwoFactorResult.Failure) service.confirmEnrollment(id, first)).reason())
        .isEqualTo(TwoFactorResult.Reason.NO_ENROLLMENT);

    // Sign in with the next code, once.
    clock.advance(Duration.ofSeconds(30));
    String next = app.generate();
    assertThat(service.verify(id, next).kind()).isEqualTo(VerificationResult.Kind.ACCEPTED);
    VerificationResult replay = service.verify(id, next);
    assertThat(replay.kind()).isEqualTo(VerificationResult.Kind.ALREADY_USED);
    assertThat(replay.message()).contains("already used");

    // A recovery code works once.
    String rc = recovery.revealCodes().get(3);
    TwoFactorResult used = service.useRecoveryCode(id, rc.toLowerCase(java.util.Locale.ROOT));
    assertThat(used.isSuccess()).as(used.message()).isTrue();
    assertThat(((TwoFactorResult.Success) used).recoveryCodesLeft()).isEqualTo(9);
    assertThat(((TwoFactorResult.Failure) service.useRecoveryCode(id, rc)).reason())
        .isEqualTo(TwoFactorResult.Reason.ALREADY_USED);
    assertThat(service.status(id).recoveryCodesLeft()).isEqualTo(9);

    // New recovery codes need a current code; the old ones stop working.
    clock.advance(Duration.ofSeconds(30));
    RecoveryCodes fresh = codesOf(service.regenerateRecoveryCodes(id, app.generate()));
    assertThat(((TwoFactorResult.Failure) service.useRecoveryCode(id, recovery.revealCodes().get(0)))
            .reason())
        .isEqualTo(TwoFactorResult.Reason.INVALID);

    // A new phone: the old app keeps working until the new one is confirmed.
    clock.advance(Duration.ofSeconds(30));
    Enrollment replacement = service.startEnrollment(id, "alice@example.com");
    assertThat(replacement.isReplacement()).isTrue();
    TotpGenerator newApp = app(replacement, clock);
    assertThat(service.verify(id, app.generate()).isAccepted()).isTrue();
    clock.advance(Duration.ofSeconds(30));
    TwoFactorResult replaced = service.confirmEnrollment(id, newApp.generate());
    assertThat(replaced.isSuccess()).as(replaced.message()).isTrue();
    assertThat(((TwoFactorResult.Success) replaced).newRecoveryCodes()).isEmpty();
    assertThat(service.status(id).recoveryCodesLeft()).isEqualTo(fresh.count());
    clock.advance(Duration.ofSeconds(30));
    assertThat(service.verify(id, app.generate()).kind()).isEqualTo(VerificationResult.Kind.INVALID);
    assertThat(service.verify(id, newApp.generate()).isAccepted()).isTrue();

    // Disable needs a current code (or a recovery code); then nothing is left.
    clock.advance(Duration.ofSeconds(30));
    assertThat(((TwoFactorResult.Failure) service.disable(id, "000000 0")).reason())
        .isIn(TwoFactorResult.Reason.MALFORMED, TwoFactorResult.Reason.INVALID);
    TwoFactorResult off = service.disable(id, newApp.generate());
    assertThat(off.isSuccess()).as(off.message()).isTrue();
    TwoFactorStatus status = service.status(id);
    assertThat(status.enabled()).isFalse();
    assertThat(status.recoveryCodesLeft()).isZero();
    assertThat(((TwoFactorResult.Failure) service.disable(id, newApp.generate())).reason())
        .isEqualTo(TwoFactorResult.Reason.NOT_ENABLED);
    assertThatThrownBy(() -> service.verify(id, "123456"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("two-factor authentication is not on for this account");

    assertThat(events.stream().map(TwoFactorEvent::type))
        .contains(
            TwoFactorEvent.Type.ENROLLMENT_STARTED,
            TwoFactorEvent.Type.ENABLED,
            TwoFactorEvent.Type.CODE_ACCEPTED,
            TwoFactorEvent.Type.REPLAY,
            TwoFactorEvent.Type.RECOVERY_CODE_USED,
            TwoFactorEvent.Type.RECOVERY_CODES_REGENERATED,
            TwoFactorEvent.Type.REPLACEMENT_STARTED,
            TwoFactorEvent.Type.REPLACED,
            TwoFactorEvent.Type.FAILURE,
            TwoFactorEvent.Type.DISABLED);
    assertThat(events).allSatisfy(e -> assertThat(e.accountId()).isEqualTo(id));
  }

  @Test
  void confirm_expiredOrMissingOrCancelled_clearFailures() {
    FakeClock clock = new FakeClock(START);
    TwoFactorService service = service(store(), clock, ThrottlePolicy.DEFAULT);
    String id = account();

    assertThat(((TwoFactorResult.Failure) service.confirmEnrollment(id, "123456")).reason())
        .isEqualTo(TwoFactorResult.Reason.NO_ENROLLMENT);
    Enrollment e = service.startEnrollment(id, "bob");
    clock.advance(TwoFactorService.DEFAULT_ENROLLMENT_TTL);
    TwoFactorResult expired = service.confirmEnrollment(id, app(e, clock).generate());
    assertThat(((TwoFactorResult.Failure) expired).reason())
        .isEqualTo(TwoFactorResult.Reason.EXPIRED);
    assertThat(service.status(id).enrollmentPending()).isFalse();
    assertThat(service.currentEnrollment(id, "bob")).isEmpty();

    service.startEnrollment(id, "bob");
    assertThat(service.cancelEnrollment(id)).isTrue();
    assertThat(service.cancelEnrollment(id)).isFalse();
    assertThat(service.status(id).enrollmentPending()).isFalse();
    assertThat(((TwoFactorResult.Failure) service.useRecoveryCode(id, "ABCD-EFGH-JKMN-PQRS"))
            .reason())
        .isEqualTo(TwoFactorResult.Reason.NOT_ENABLED);
    assertThat(((TwoFactorResult.Failure) service.regenerateRecoveryCodes(id, "123456")).reason())
        .isEqualTo(TwoFactorResult.Reason.NOT_ENABLED);
  }

  @Test
  void throttling_sharedBySignInAndFirstCode_correctCodeRefusedDuringPause() {
    FakeClock clock = new FakeClock(START);
    TwoFactorService service =
        service(store(), clock, ThrottlePolicy.pauseAfter(5, Duration.ofSeconds(60)));
    String id = account();
    Enrollment e = service.startEnrollment(id, "carol");
    TotpGenerator app = app(e, clock);
    codesOf(service.confirmEnrollment(id, app.generate()));
    clock.advance(Duration.ofSeconds(30));

    for (int i = 0; i < 5; i++) {
      assertThat(service.verify(id, wrong(app, clock)).kind())
          .isEqualTo(VerificationResult.Kind.INVALID);
    }
    VerificationResult refused = service.verify(id, app.generate());
    assertThat(refused.kind()).isEqualTo(VerificationResult.Kind.THROTTLED);
    assertThat(refused.message()).isEqualTo("Too many attempts: try again in 60 seconds.");
    TwoFactorResult recoveryRefused = service.useRecoveryCode(id, "ABCD-EFGH-JKMN-PQRS");
    assertThat(((TwoFactorResult.Failure) recoveryRefused).reason())
        .isEqualTo(TwoFactorResult.Reason.THROTTLED);
    assertThat(((TwoFactorResult.Failure) recoveryRefused).retryAfter())
        .isEqualTo(START.plusSeconds(90));

    clock.advance(Duration.ofSeconds(60));
    assertThat(service.verify(id, app.generate()).isAccepted()).isTrue();
    assertThat(store().accountStates().load(id).failures()).isZero();
  }

  @Test
  void lockout_endedByRecoveryCode() {
    FakeClock clock = new FakeClock(START);
    ThrottlePolicy lockAfterThree = ThrottlePolicy.DEFAULT.withFreeFailures(10).withLockoutAfter(3);
    TwoFactorService service = service(store(), clock, lockAfterThree);
    String id = account();
    Enrollment e = service.startEnrollment(id, "dave");
    TotpGenerator app = app(e, clock);
    RecoveryCodes codes = codesOf(service.confirmEnrollment(id, app.generate()));
    clock.advance(Duration.ofSeconds(30));
    for (int i = 0; i < 3; i++) {
      service.verify(id, wrong(app, clock));
    }
    assertThat(service.verify(id, app.generate()).kind()).isEqualTo(VerificationResult.Kind.LOCKED);

    assertThat(service.useRecoveryCode(id, codes.revealCodes().get(0)).isSuccess()).isTrue();
    assertThat(service.verify(id, app.generate()).isAccepted()).isTrue();
  }

  @Test
  @Tag("integration") // 200 races of 16 threads: too slow to repeat for every PIT mutant
  void twoNodes_sameCodeConcurrently_exactlyOneAcceptedPerRound() throws Exception {
    FakeClock clock = new FakeClock(START);
    ThrottlePolicy lenient = ThrottlePolicy.DEFAULT.withFreeFailures(ThrottlePolicy.MAX_FREE_FAILURES);
    TwoFactorService node1 = service(store(), clock, lenient);
    TwoFactorService node2 = service(secondNode(), clock, lenient);
    String id = account();
    Enrollment e = node1.startEnrollment(id, "erin");
    TotpGenerator app = app(e, clock);
    codesOf(node1.confirmEnrollment(id, app.generate()));

    for (int round = 0; round < JOURNEY_ROUNDS; round++) {
      clock.advance(Duration.ofSeconds(30));
      String code = app.generate();
      List<VerificationResult> results =
          race(t -> (t % 2 == 0 ? node1 : node2).verify(id, code));
      assertThat(results.stream().filter(VerificationResult::isAccepted))
          .as("round %d: %s", round, results)
          .hasSize(1);
      assertThat(results)
          .allSatisfy(
              r ->
                  assertThat(r.kind())
                      .isIn(
                          VerificationResult.Kind.ACCEPTED,
                          VerificationResult.Kind.ALREADY_USED,
                          VerificationResult.Kind.THROTTLED));
    }
  }

  @Test
  @Tag("integration") // 200 races of 16 threads: too slow to repeat for every PIT mutant
  void twoNodes_sameRecoveryCodeConcurrently_usedExactlyOnce() throws Exception {
    FakeClock clock = new FakeClock(START);
    ThrottlePolicy lenient = ThrottlePolicy.DEFAULT.withFreeFailures(ThrottlePolicy.MAX_FREE_FAILURES);
    TwoFactorService node1 = service(store(), clock, lenient);
    TwoFactorService node2 = service(secondNode(), clock, lenient);
    String id = account();
    Enrollment e = node1.startEnrollment(id, "frank");
    codesOf(node1.confirmEnrollment(id, app(e, clock).generate()));
    RecoveryCodeHasher hasher = RecoveryCodeHasher.create();

    for (int round = 0; round < JOURNEY_ROUNDS; round++) {
      RecoveryCodes one = hasher.generate(1);
      assertThat(store().replaceRecoveryCodes(id, one.hashes())).isTrue();
      String code = one.revealCodes().get(0);
      List<TwoFactorResult> results =
          race(t -> (t % 2 == 0 ? node1 : node2).useRecoveryCode(id, code));
      assertThat(results.stream().filter(TwoFactorResult::isSuccess))
          .as("round %d", round)
          .hasSize(1);
    }
  }

  @Test
  void restart_stateWrittenByOneNodeIsReadByAnother() {
    FakeClock clock = new FakeClock(START);
    TwoFactorService node1 = service(store(), clock, ThrottlePolicy.DEFAULT);
    String id = account();
    Enrollment e = node1.startEnrollment(id, "grace");
    TotpGenerator app = app(e, clock);
    String first = app.generate();
    codesOf(node1.confirmEnrollment(id, first));

    TwoFactorService node2 = service(secondNode(), clock, ThrottlePolicy.DEFAULT);
    TwoFactorStatus status = node2.status(id);
    assertThat(status.enabled()).isTrue();
    assertThat(status.recoveryCodesLeft()).isEqualTo(10);
    assertThat(node2.verify(id, first).kind()).isEqualTo(VerificationResult.Kind.ALREADY_USED);
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
      Enrollment e = service.startEnrollment(id, "heidi");
      secrets.add(e.uri().secret().revealBase32());
      TotpGenerator app = app(e, clock);
      String bad = wrong(app, clock);
      secrets.add(bad);
      service.confirmEnrollment(id, bad);
      String first = app.generate();
      secrets.add(first);
      RecoveryCodes codes = codesOf(service.confirmEnrollment(id, first));
      secrets.addAll(codes.revealCodes());
      service.verify(id, first);
      service.useRecoveryCode(id, codes.revealCodes().get(0));
      service.useRecoveryCode(id, codes.revealCodes().get(0));
      clock.advance(Duration.ofSeconds(30));
      String next = app.generate();
      secrets.add(next);
      service.disable(id, next);
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
}

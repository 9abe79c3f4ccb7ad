package io.github.otpkit.totp.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.HmacAlgorithm;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.verify.AccountState;
import io.github.otpkit.totp.verify.AccountStateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every {@link EnrollmentStore} (and its {@link AccountStateStore}) must have. Run
 * against the in-memory store, H2 (memory and file) and PostgreSQL by the subclasses.
 *
 * <p>Concurrency tests use two "nodes": {@link #store()} and {@link #secondNode()}, two store
 * instances on two data sources and one database (the in-memory store is its own second node).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EnrollmentStoreContract extends TwoFactorJourneyContract {
  /** An instant with nanoseconds, to check that stores keep microseconds. */
  protected static final Instant NOW = Instant.parse("2026-11-28T10:15:30.123456789Z");

  protected static final Instant NOW_MICROS = NOW.truncatedTo(ChronoUnit.MICROS);
  protected static final int THREADS = 16;
  protected static final int ROUNDS = 200;

  protected final SecretCipher cipher = SecretCipher.create(EncryptionKey.generate("k1"));
  protected final RecoveryCodeHasher hasher = RecoveryCodeHasher.create();

  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  /** For subclasses. */
  protected EnrollmentStoreContract() {}


  @AfterAll
  void stopThreads() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  protected static String newAccount() {
    return "user-" + UUID.randomUUID();
  }

  protected PendingCredential pendingFor(String account, OtpSecret secret, Instant createdAt) {
    return PendingCredential.create(
        cipher.encrypt(account, secret),
        TotpParameters.DEFAULT,
        createdAt,
        createdAt.plus(Duration.ofMinutes(10)));
  }

  /** What {@link #enroll} made. */
  protected record Enrolled(String account, OtpSecret secret, RecoveryCodes codes) {}

  /** Enrolls an account through the store: pending, then confirmed at step 100 with 10 codes. */
  protected Enrolled enroll(String account) {
    OtpSecret secret = OtpSecret.generate();
    PendingCredential pending = pendingFor(account, secret, NOW);
    store().savePending(account, pending);
    RecoveryCodes codes = hasher.generate();
    assertThat(
            store()
                .confirmPending(account, pending.enrollmentId(), NOW, 100, 0, codes.hashes()))
        .isTrue();
    return new Enrolled(account, secret, codes);
  }

  // ---------------------------------------------------------------- account state

  @Test
  void load_unknownAccount_returnsInitialState() {
    String a = newAccount();
    assertThat(store().accountStates().load(a)).isEqualTo(AccountState.initial(a));
  }

  @Test
  void tryMarkUsed_firstUse_createsStateWithStepAndDrift() {
    String a = newAccount();
    assertThat(store().accountStates().tryMarkUsed(a, 5, -1)).isTrue();
    assertThat(store().accountStates().load(a)).isEqualTo(new AccountState(a, 5, 0, null, -1));
  }

  @Test
  void tryMarkUsed_sameOrOlderStep_refusedLaterStepAccepted() {
    AccountStateStore states = store().accountStates();
    String a = newAccount();
    assertThat(states.tryMarkUsed(a, 10, 0)).isTrue();
    assertThat(states.tryMarkUsed(a, 10, 0)).isFalse();
    assertThat(states.tryMarkUsed(a, 9, 0)).isFalse();
    assertThat(states.tryMarkUsed(a, 11, 1)).isTrue();
    assertThat(states.load(a).lastUsedStep()).isEqualTo(11);
    assertThat(states.load(a).driftSteps()).isEqualTo(1);
  }

  @Test
  void tryMarkUsed_stepZeroOnFreshAccount_accepted() {
    assertThat(store().accountStates().tryMarkUsed(newAccount(), 0, 0)).isTrue();
  }

  @Test
  void tryMarkUsed_resetsFailures() {
    AccountStateStore states = store().accountStates();
    String a = newAccount();
    assertThat(states.tryChargeAttempt(a, 0, null, NOW)).isTrue();
    assertThat(states.tryChargeAttempt(a, 1, NOW_MICROS, NOW)).isTrue();
    assertThat(states.tryMarkUsed(a, 3, 0)).isTrue();
    assertThat(states.load(a)).isEqualTo(new AccountState(a, 3, 0, null, 0));
  }

  @Test
  void tryChargeAttempt_expectedCount_incrementsAndRecordsTime() {
    AccountStateStore states = store().accountStates();
    String a = newAccount();
    assertThat(states.tryChargeAttempt(a, 0, null, NOW)).isTrue();
    assertThat(states.load(a)).isEqualTo(new AccountState(a, AccountState.NONE, 1, NOW_MICROS, 0));
    Instant later = NOW.plusSeconds(7);
    assertThat(states.tryChargeAttempt(a, 1, NOW_MICROS, later)).isTrue();
    assertThat(states.load(a).failures()).isEqualTo(2);
    assertThat(states.load(a).lastFailureAt()).isEqualTo(later.truncatedTo(ChronoUnit.MICROS));
  }

  @Test
  void tryChargeAttempt_staleCount_refusedAndUnchanged() {
    AccountStateStore states = store().accountStates();
    String a = newAccount();
    assertThat(states.tryChargeAttempt(a, 1, null, NOW)).isFalse();
    assertThat(states.tryChargeAttempt(a, 0, NOW_MICROS, NOW)).isFalse();
    assertThat(states.load(a)).isEqualTo(AccountState.initial(a));
    assertThat(states.tryChargeAttempt(a, 0, null, NOW)).isTrue();
    assertThat(states.tryChargeAttempt(a, 0, null, NOW)).isFalse();
    assertThat(states.load(a).failures()).isEqualTo(1);
  }

  @Test
  void tryChargeAttempt_sameCountLaterFailure_refusedAndUnchanged() {
    // Judged at (1 failure, NOW); meanwhile a success reset the count and a new failure came.
    AccountStateStore states = store().accountStates();
    String a = newAccount();
    assertThat(states.tryChargeAttempt(a, 0, null, NOW)).isTrue();
    AccountState judged = states.load(a);
    assertThat(states.tryMarkUsed(a, 5, 0)).isTrue();
    Instant later = NOW.plusSeconds(30);
    assertThat(states.tryChargeAttempt(a, 0, null, later)).isTrue();
    AccountState now = states.load(a);
    assertThat(now.failures()).isEqualTo(judged.failures());

    assertThat(states.tryChargeAttempt(a, judged.failures(), judged.lastFailureAt(), later))
        .isFalse();
    assertThat(states.load(a)).isEqualTo(now);
    assertThat(states.tryChargeAttempt(a, now.failures(), now.lastFailureAt(), later)).isTrue();
  }

  @Test
  void resetFailures_clearsCountKeepsStep() {
    AccountStateStore states = store().accountStates();
    String a = newAccount();
    states.tryMarkUsed(a, 8, 2);
    states.tryChargeAttempt(a, 0, null, NOW);
    states.resetFailures(a);
    assertThat(states.load(a)).isEqualTo(new AccountState(a, 8, 0, null, 2));
    String fresh = newAccount();
    states.resetFailures(fresh);
    assertThat(states.load(fresh)).isEqualTo(AccountState.initial(fresh));
  }

  @Test
  void reset_replacesStateOnNewAndExistingAccounts() {
    AccountStateStore states = store().accountStates();
    String a = newAccount();
    states.reset(a, 41);
    assertThat(states.load(a)).isEqualTo(new AccountState(a, 41, 0, null, 0));
    states.tryChargeAttempt(a, 0, null, NOW);
    states.tryMarkUsed(a, 50, 3);
    states.reset(a, AccountState.NONE);
    assertThat(states.load(a)).isEqualTo(AccountState.initial(a));
    assertThat(states.tryMarkUsed(a, 0, 0)).isTrue();
  }

  @Test
  void delete_removesState() {
    AccountStateStore states = store().accountStates();
    String a = newAccount();
    states.tryMarkUsed(a, 8, 0);
    states.delete(a);
    assertThat(states.load(a)).isEqualTo(AccountState.initial(a));
    states.delete(a);
  }

  @Test
  void stateOperations_invalidArguments_rejectedWithClearMessages() {
    AccountStateStore states = store().accountStates();
    assertThatThrownBy(() -> states.tryMarkUsed("a", -1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step must be 0 or more but was -1");
    assertThatThrownBy(() -> states.tryChargeAttempt("a", -1, null, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expectedFailures must be 0 to 2147483646 but was -1");
    assertThatThrownBy(() -> states.reset("a", -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lastUsedStep must be -1 or more but was -2");
    assertThatThrownBy(() -> states.load(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("accountId must be 1 to 255 characters long but was 0");
    assertThatThrownBy(() -> states.load("x".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("accountId must be 1 to 255 characters long but was 256");
  }

  @Test
  void accountId_longestAndUnicode_roundTrip() {
    AccountStateStore states = store().accountStates();
    String longest = "é".repeat(255);
    assertThat(states.tryMarkUsed(longest, 1, 0)).isTrue();
    assertThat(states.load(longest).lastUsedStep()).isEqualTo(1);
    assertThat(store().findActive(longest)).isEmpty();
  }

  // ---------------------------------------------------------------- enrollment

  @Test
  void load_unknownAccount_isEmpty() {
    String a = newAccount();
    assertThat(store().load(a)).isEqualTo(EnrollmentSnapshot.empty(a));
    assertThat(store().findActive(a)).isEmpty();
    assertThat(store().findPending(a)).isEmpty();
    assertThat(store().recoveryCodes(a)).isEmpty();
  }

  @Test
  void savePending_storesCredentialAsGiven() {
    String a = newAccount();
    OtpSecret secret = OtpSecret.generate();
    TotpParameters params =
        new TotpParameters(
            HmacAlgorithm.SHA256, 8, Duration.ofSeconds(60), Instant.ofEpochSecond(1_000));
    PendingCredential p =
        PendingCredential.create(cipher.encrypt(a, secret), params, NOW, NOW.plusSeconds(600));
    store().savePending(a, p);

    assertThat(store().findPending(a)).contains(p);
    assertThat(p.createdAt()).isEqualTo(NOW_MICROS);
    assertThat(store().findActive(a)).isEmpty();
    assertThat(store().load(a)).isEqualTo(new EnrollmentSnapshot(a, null, p, List.of()));
    assertThat(cipher.decrypt(a, store().findPending(a).orElseThrow().secret()).sameKeyAs(secret))
        .isTrue();
  }

  @Test
  void savePending_again_replacesPreviousPending() {
    String a = newAccount();
    PendingCredential first = pendingFor(a, OtpSecret.generate(), NOW);
    PendingCredential second = pendingFor(a, OtpSecret.generate(), NOW.plusSeconds(5));
    store().savePending(a, first);
    secondNode().savePending(a, second);
    assertThat(store().findPending(a)).contains(second);
    assertThat(store().confirmPending(a, first.enrollmentId(), NOW, 1, 0, null)).isFalse();
    assertThat(store().findPending(a)).contains(second);
  }

  @Test
  void confirmPending_movesPendingToActiveResetsStateAndStoresCodes() {
    String a = newAccount();
    OtpSecret secret = OtpSecret.generate();
    PendingCredential p = pendingFor(a, secret, NOW);
    store().savePending(a, p);
    store().accountStates().tryChargeAttempt(a, 0, null, NOW);
    RecoveryCodes codes = hasher.generate();
    Instant confirmedAt = NOW.plusSeconds(30);

    assertThat(store().confirmPending(a, p.enrollmentId(), confirmedAt, 123, -1, codes.hashes()))
        .isTrue();

    ActiveCredential active = store().findActive(a).orElseThrow();
    assertThat(active)
        .isEqualTo(new ActiveCredential(p.secret(), p.parameters(), confirmedAt));
    assertThat(active.enabledSince()).isEqualTo(confirmedAt.truncatedTo(ChronoUnit.MICROS));
    assertThat(cipher.decrypt(a, active.secret()).sameKeyAs(secret)).isTrue();
    assertThat(store().findPending(a)).isEmpty();
    assertThat(store().accountStates().load(a)).isEqualTo(new AccountState(a, 123, 0, null, -1));
    assertThat(store().recoveryCodes(a)).isEqualTo(codes.hashes());
    assertThat(store().load(a).unusedRecoveryCodes()).isEqualTo(10);
    // The confirming step cannot sign in; the next one can.
    assertThat(store().accountStates().tryMarkUsed(a, 123, 0)).isFalse();
    assertThat(store().accountStates().tryMarkUsed(a, 124, 0)).isTrue();
  }

  @Test
  void confirmPending_unknownOrWrongId_changesNothing() {
    String a = newAccount();
    assertThat(store().confirmPending(a, "nope", NOW, 1, 0, List.of())).isFalse();
    assertThat(store().load(a)).isEqualTo(EnrollmentSnapshot.empty(a));
    assertThat(store().accountStates().load(a)).isEqualTo(AccountState.initial(a));

    PendingCredential p = pendingFor(a, OtpSecret.generate(), NOW);
    store().savePending(a, p);
    store().accountStates().tryChargeAttempt(a, 0, null, NOW);
    assertThat(store().confirmPending(a, "other", NOW, 1, 0, hasher.generate().hashes()))
        .isFalse();
    assertThat(store().load(a)).isEqualTo(new EnrollmentSnapshot(a, null, p, List.of()));
    assertThat(store().accountStates().load(a).failures()).isEqualTo(1);
  }

  @Test
  void confirmPending_atOrAfterExpiry_refused_justBefore_accepted() {
    String a = newAccount();
    PendingCredential p = pendingFor(a, OtpSecret.generate(), NOW);
    store().savePending(a, p);
    assertThat(store().confirmPending(a, p.enrollmentId(), p.expiresAt(), 1, 0, null)).isFalse();
    assertThat(store().confirmPending(a, p.enrollmentId(), p.expiresAt().plusSeconds(1), 1, 0, null))
        .isFalse();
    assertThat(store().findActive(a)).isEmpty();
    assertThat(store().findPending(a)).contains(p);
    assertThat(
            store()
                .confirmPending(a, p.enrollmentId(), p.expiresAt().minusNanos(1_000), 1, 0, null))
        .isTrue();
  }

  @Test
  void confirmPending_twice_secondRefused() {
    String a = newAccount();
    PendingCredential p = pendingFor(a, OtpSecret.generate(), NOW);
    store().savePending(a, p);
    RecoveryCodes first = hasher.generate();
    assertThat(store().confirmPending(a, p.enrollmentId(), NOW, 10, 0, first.hashes())).isTrue();
    store().accountStates().tryMarkUsed(a, 11, 0);
    assertThat(
            secondNode().confirmPending(a, p.enrollmentId(), NOW, 10, 0, hasher.generate().hashes()))
        .isFalse();
    assertThat(store().recoveryCodes(a)).isEqualTo(first.hashes());
    assertThat(store().accountStates().load(a).lastUsedStep()).isEqualTo(11);
  }

  @Test
  void replacement_oldActiveStaysUntilNewConfirmed() {
    Enrolled old = enroll(newAccount());
    String a = old.account();
    ActiveCredential oldActive = store().findActive(a).orElseThrow();
    OtpSecret newSecret = OtpSecret.generate();
    PendingCredential p = pendingFor(a, newSecret, NOW.plusSeconds(60));
    store().savePending(a, p);

    assertThat(store().findActive(a)).contains(oldActive);
    assertThat(store().load(a)).isEqualTo(new EnrollmentSnapshot(a, oldActive, p, old.codes().hashes()));

    assertThat(store().confirmPending(a, p.enrollmentId(), NOW.plusSeconds(90), 200, 0, null))
        .isTrue();
    ActiveCredential now = store().findActive(a).orElseThrow();
    assertThat(cipher.decrypt(a, now.secret()).sameKeyAs(newSecret)).isTrue();
    assertThat(now.enabledSince()).isEqualTo(NOW_MICROS.plusSeconds(90));
    // null keeps the recovery codes
    assertThat(store().recoveryCodes(a)).isEqualTo(old.codes().hashes());
    assertThat(store().accountStates().load(a).lastUsedStep()).isEqualTo(200);
  }

  @Test
  void replacement_withNewCodes_replacesCodes() {
    Enrolled old = enroll(newAccount());
    String a = old.account();
    PendingCredential p = pendingFor(a, OtpSecret.generate(), NOW);
    store().savePending(a, p);
    RecoveryCodes fresh = hasher.generate(3);
    assertThat(store().confirmPending(a, p.enrollmentId(), NOW, 300, 0, fresh.hashes())).isTrue();
    assertThat(store().recoveryCodes(a)).isEqualTo(fresh.hashes());
  }

  @Test
  void deletePending_matchingId_removesOnlyPending() {
    Enrolled e = enroll(newAccount());
    String a = e.account();
    ActiveCredential active = store().findActive(a).orElseThrow();
    PendingCredential p = pendingFor(a, OtpSecret.generate(), NOW);
    store().savePending(a, p);
    assertThat(store().deletePending(a, "other")).isFalse();
    assertThat(store().findPending(a)).contains(p);
    assertThat(store().deletePending(a, p.enrollmentId())).isTrue();
    assertThat(store().findPending(a)).isEmpty();
    assertThat(store().findActive(a)).contains(active);
    assertThat(store().deletePending(a, p.enrollmentId())).isFalse();

    String fresh = newAccount();
    PendingCredential only = pendingFor(fresh, OtpSecret.generate(), NOW);
    store().savePending(fresh, only);
    assertThat(store().deletePending(fresh, only.enrollmentId())).isTrue();
    assertThat(store().load(fresh)).isEqualTo(EnrollmentSnapshot.empty(fresh));
  }

  @Test
  void deleteExpiredPending_removesOnlyExpired() {
    String expired = newAccount();
    String live = newAccount();
    Instant longAgo = NOW.minus(Duration.ofDays(400));
    store().savePending(expired, pendingFor(expired, OtpSecret.generate(), longAgo));
    PendingCredential livePending = pendingFor(live, OtpSecret.generate(), NOW);
    store().savePending(live, livePending);

    int removed = store().deleteExpiredPending(NOW.minus(Duration.ofDays(300)));

    assertThat(removed).isGreaterThanOrEqualTo(1);
    assertThat(store().findPending(expired)).isEmpty();
    assertThat(store().load(expired)).isEqualTo(EnrollmentSnapshot.empty(expired));
    assertThat(store().findPending(live)).contains(livePending);
  }

  @Test
  void replaceRecoveryCodes_requiresActiveCredential() {
    String a = newAccount();
    store().savePending(a, pendingFor(a, OtpSecret.generate(), NOW));
    assertThat(store().replaceRecoveryCodes(a, hasher.generate().hashes())).isFalse();
    assertThat(store().recoveryCodes(a)).isEmpty();

    Enrolled e = enroll(newAccount());
    RecoveryCodes fresh = hasher.generate(5);
    assertThat(secondNode().replaceRecoveryCodes(e.account(), fresh.hashes())).isTrue();
    assertThat(store().recoveryCodes(e.account())).isEqualTo(fresh.hashes());
  }

  @Test
  void recoveryCodes_tooManyOrDuplicateIds_rejected() {
    Enrolled e = enroll(newAccount());
    List<RecoveryCodeHash> many = new ArrayList<>(hasher.generate(100).hashes());
    many.add(hasher.generate(1).hashes().get(0));
    assertThatThrownBy(() -> store().replaceRecoveryCodes(e.account(), many))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at most 100 recovery codes can be stored but 101 were given");
    RecoveryCodeHash one = hasher.generate(1).hashes().get(0);
    assertThatThrownBy(() -> store().replaceRecoveryCodes(e.account(), List.of(one, one)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recovery code ids must be unique");
    assertThat(store().recoveryCodes(e.account())).isEqualTo(e.codes().hashes());
    assertThat(store().replaceRecoveryCodes(e.account(), hasher.generate(100).hashes())).isTrue();
  }

  @Test
  void consumeRecoveryCode_onceOnly_othersUnaffected() {
    Enrolled e = enroll(newAccount());
    String a = e.account();
    String typed = e.codes().revealCodes().get(3);
    RecoveryCodeHash match = hasher.match(typed, store().recoveryCodes(a)).orElseThrow();
    assertThat(match.id()).isEqualTo(e.codes().hashes().get(3).id());

    Instant at = NOW.plusSeconds(42);
    assertThat(store().consumeRecoveryCode(a, match.id(), at)).isTrue();
    assertThat(secondNode().consumeRecoveryCode(a, match.id(), at)).isFalse();

    List<RecoveryCodeHash> after = store().recoveryCodes(a);
    assertThat(after.get(3).usedAt()).contains(at.truncatedTo(ChronoUnit.MICROS));
    assertThat(after).filteredOn(RecoveryCodeHash::isUsed).hasSize(1);
    assertThat(store().load(a).unusedRecoveryCodes()).isEqualTo(9);
    assertThat(hasher.match(typed, after).orElseThrow().isUsed()).isTrue();
    assertThat(store().consumeRecoveryCode(a, "no-such-code", at)).isFalse();
    assertThat(store().consumeRecoveryCode(newAccount(), match.id(), at)).isFalse();
  }

  @Test
  void disable_removesEverythingIncludingState() {
    Enrolled e = enroll(newAccount());
    String a = e.account();
    store().savePending(a, pendingFor(a, OtpSecret.generate(), NOW));
    store().accountStates().tryChargeAttempt(a, 0, null, NOW);

    assertThat(secondNode().disable(a)).isTrue();

    assertThat(store().load(a)).isEqualTo(EnrollmentSnapshot.empty(a));
    assertThat(store().accountStates().load(a)).isEqualTo(AccountState.initial(a));
    assertThat(store().disable(a)).isFalse();
  }

  @Test
  void disable_notEnabled_returnsFalseAndRemovesPending() {
    String a = newAccount();
    assertThat(store().disable(a)).isFalse();
    store().savePending(a, pendingFor(a, OtpSecret.generate(), NOW));
    assertThat(store().disable(a)).isFalse();
    assertThat(store().load(a)).isEqualTo(EnrollmentSnapshot.empty(a));
  }

  @Test
  void reenroll_afterDisable_startsFresh() {
    Enrolled first = enroll(newAccount());
    String a = first.account();
    store().disable(a);
    Enrolled second = enroll(a);
    assertThat(cipher.decrypt(a, store().findActive(a).orElseThrow().secret()).sameKeyAs(second.secret()))
        .isTrue();
    assertThat(hasher.match(first.codes().revealCodes().get(0), store().recoveryCodes(a))).isEmpty();
    assertThat(store().accountStates().load(a).lastUsedStep()).isEqualTo(100);
  }

  @Test
  void confirmPending_invalidArguments_rejected() {
    assertThatThrownBy(() -> store().confirmPending("a", "e", NOW, -1, 0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("confirmedStep must be 0 or more but was -1");
    assertThatThrownBy(() -> store().accountsWithSecretsNotUnder("k", null, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be 1 or more but was 0");
  }

  // ---------------------------------------------------------------- rotation

  @Test
  void replaceActiveSecret_compareAndSetOnOldCiphertext() {
    Enrolled e = enroll(newAccount());
    String a = e.account();
    EncryptedSecret stored = store().findActive(a).orElseThrow().secret();
    EncryptedSecret fresh = cipher.reencrypt(a, stored);
    EncryptedSecret other = cipher.encrypt(a, OtpSecret.generate());

    assertThat(store().replaceActiveSecret(a, other, fresh)).isFalse();
    assertThat(store().replaceActiveSecret(a, stored, fresh)).isTrue();
    assertThat(store().replaceActiveSecret(a, stored, other)).isFalse();
    assertThat(store().findActive(a).orElseThrow().secret()).isEqualTo(fresh);
    assertThat(cipher.decrypt(a, fresh).sameKeyAs(e.secret())).isTrue();
  }

  @Test
  void keyRotation_reencryptsActiveAndPendingThenOldKeyIsRemovable() {
    EncryptionKey oldKey = EncryptionKey.generate("rot-old-" + UUID.randomUUID());
    EncryptionKey newKey = EncryptionKey.generate("rot-new-" + UUID.randomUUID());
    SecretCipher before = SecretCipher.create(oldKey);
    String a = newAccount();
    String b = newAccount();
    OtpSecret secretA = OtpSecret.generate();
    OtpSecret pendingB = OtpSecret.generate();
    PendingCredential pa =
        PendingCredential.create(
            before.encrypt(a, secretA), TotpParameters.DEFAULT, NOW, NOW.plusSeconds(600));
    store().savePending(a, pa);
    store().confirmPending(a, pa.enrollmentId(), NOW, 1, 0, List.of());
    store()
        .savePending(
            b,
            PendingCredential.create(
                before.encrypt(b, pendingB), TotpParameters.DEFAULT, NOW, NOW.plusSeconds(600)));

    SecretCipher during = SecretCipher.builder().primaryKey(newKey).decryptionKey(oldKey).build();
    assertThat(store().accountsWithSecretsNotUnder(newKey.id(), null, 1000)).contains(a, b);

    KeyRotation.Result result = KeyRotation.reencryptAll(store(), during, 1);

    // Other tests' accounts (under the shared cipher's key) may be reported; these two are not.
    assertThat(result.failedAccountIds()).doesNotContain(a, b);
    assertThat(result.reencrypted()).isGreaterThanOrEqualTo(2);
    assertThat(store().accountsWithSecretsNotUnder(newKey.id(), null, 1000))
        .doesNotContain(a, b);
    SecretCipher after = SecretCipher.create(newKey);
    assertThat(after.decrypt(a, store().findActive(a).orElseThrow().secret()).sameKeyAs(secretA))
        .isTrue();
    assertThat(after.decrypt(b, store().findPending(b).orElseThrow().secret()).sameKeyAs(pendingB))
        .isTrue();
  }

  @Test
  void keyRotation_undecryptableSecret_reportedAndLeftAlone() {
    EncryptionKey lost = EncryptionKey.generate("rot-lost-" + UUID.randomUUID());
    EncryptionKey current = EncryptionKey.generate("rot-cur-" + UUID.randomUUID());
    String a = newAccount();
    EncryptedSecret orphan = SecretCipher.create(lost).encrypt(a, OtpSecret.generate());
    store().savePending(
        a, PendingCredential.create(orphan, TotpParameters.DEFAULT, NOW, NOW.plusSeconds(600)));

    KeyRotation.Result result = KeyRotation.reencryptAll(store(), SecretCipher.create(current));

    assertThat(result.failedAccountIds()).contains(a);
    assertThat(result.isComplete()).isFalse();
    assertThat(store().findPending(a).orElseThrow().secret()).isEqualTo(orphan);
  }

  // ---------------------------------------------------------------- concurrency

  /** Runs {@code task(i)} on {@link #THREADS} threads released together; returns the results. */
  protected <T> List<T> race(RaceTask<T> task) throws Exception {
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      int thread = i;
      Callable<T> call =
          () -> {
            start.await(30, TimeUnit.SECONDS);
            return task.run(thread, thread % 2 == 0 ? store() : secondNode());
          };
      futures.add(pool.submit(call));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get(60, TimeUnit.SECONDS));
    }
    return results;
  }

  /** Work of one racing thread on one node. */
  @FunctionalInterface
  protected interface RaceTask<T> {
    T run(int thread, EnrollmentStore node) throws Exception;
  }

  @Test
  void tryMarkUsed_sixteenThreadsTwoNodesSameStep_exactlyOneWinsEachRound() throws Exception {
    String a = newAccount();
    for (int round = 0; round < ROUNDS; round++) {
      long step = 1_000L + round;
      List<Boolean> results = race((t, node) -> node.accountStates().tryMarkUsed(a, step, 0));
      assertThat(Collections.frequency(results, true)).as("round %d", round).isEqualTo(1);
    }
    assertThat(store().accountStates().load(a).lastUsedStep()).isEqualTo(1_000 + ROUNDS - 1);
  }

  @Test
  void tryMarkUsed_freshAccountsRace_exactlyOneWinsEach() throws Exception {
    for (int round = 0; round < 20; round++) {
      String a = newAccount();
      List<Boolean> results = race((t, node) -> node.accountStates().tryMarkUsed(a, 7, 0));
      assertThat(Collections.frequency(results, true)).as("round %d", round).isEqualTo(1);
    }
  }

  @Test
  void consumeRecoveryCode_sixteenThreadsTwoNodes_usedExactlyOnceEachRound() throws Exception {
    Enrolled e = enroll(newAccount());
    String a = e.account();
    for (int round = 0; round < ROUNDS; round++) {
      RecoveryCodes codes = hasher.generate(1);
      assertThat(store().replaceRecoveryCodes(a, codes.hashes())).isTrue();
      String typed = codes.revealCodes().get(0);
      List<Boolean> results =
          race(
              (t, node) -> {
                RecoveryCodeHash match =
                    hasher.match(typed, node.recoveryCodes(a)).orElseThrow();
                return !match.isUsed() && node.consumeRecoveryCode(a, match.id(), NOW);
              });
      assertThat(Collections.frequency(results, true)).as("round %d", round).isEqualTo(1);
    }
  }

  @Test
  void tryChargeAttempt_underContention_neverLosesACount() throws Exception {
    String a = newAccount();
    int perThread = 10;
    AtomicInteger charged = new AtomicInteger();
    race(
        (t, node) -> {
          AccountStateStore states = node.accountStates();
          for (int i = 0; i < perThread; i++) {
            while (true) {
              AccountState seen = states.load(a);
              if (states.tryChargeAttempt(a, seen.failures(), seen.lastFailureAt(), NOW)) {
                charged.incrementAndGet();
                break;
              }
            }
          }
          return true;
        });
    assertThat(charged.get()).isEqualTo(THREADS * perThread);
    assertThat(store().accountStates().load(a).failures()).isEqualTo(THREADS * perThread);
  }

  @Test
  void confirmPending_concurrentConfirmations_exactlyOneSucceeds() throws Exception {
    for (int round = 0; round < 10; round++) {
      String a = newAccount();
      PendingCredential p = pendingFor(a, OtpSecret.generate(), NOW);
      store().savePending(a, p);
      List<Boolean> results =
          race(
              (t, node) ->
                  node.confirmPending(
                      a, p.enrollmentId(), NOW, 500L + t, 0, hasher.generate(2).hashes()));
      assertThat(Collections.frequency(results, true)).as("round %d", round).isEqualTo(1);
      int winner = results.indexOf(true);
      assertThat(store().accountStates().load(a).lastUsedStep()).isEqualTo(500 + winner);
      assertThat(store().recoveryCodes(a)).hasSize(2);
    }
  }
}

package io.github.otpkit.totp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.HmacAlgorithm;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.auth.TwoFactorJourneyContract;
import io.github.otpkit.totp.crypto.EncryptedSecret;
import io.github.otpkit.totp.crypto.EncryptionKey;
import io.github.otpkit.totp.crypto.SecretCipher;
import java.security.SecureRandom;
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
 * The behaviour every {@link EnrollmentStore} (and so every {@link AccountStateStore}) must have,
 * and the whole journey through the service on top of it. Run against the in-memory store, H2
 * (memory and file) and PostgreSQL by the subclasses: one contract for every implementation.
 *
 * <p>Concurrency tests use two "nodes": {@link #store()} and {@link #secondNode()}, two store
 * instances on two data sources and one database (the in-memory store is its own second node).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StoreContract extends TwoFactorJourneyContract {
  /** An instant with nanoseconds, to check that stores keep microseconds. */
  protected static final Instant NOW = Instant.parse("2026-11-28T10:15:30.123456789Z");

  protected static final Instant NOW_MICROS = NOW.truncatedTo(ChronoUnit.MICROS);
  protected static final int THREADS = 16;
  protected static final int ROUNDS = 200;

  private static final SecureRandom RANDOM = new SecureRandom();

  protected final SecretCipher cipher = SecretCipher.create(EncryptionKey.generate("k1"));

  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  /** For subclasses. */
  protected StoreContract() {}

  @AfterAll
  void stopThreads() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  protected static String newAccount() {
    return "user-" + UUID.randomUUID();
  }

  /** Stored forms of recovery codes: the store neither knows nor checks how they were hashed. */
  public static List<RecoveryCodeHash> codes(int count) {
    List<RecoveryCodeHash> codes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] salt = new byte[RecoveryCodeHash.SALT_BYTES];
      byte[] hash = new byte[RecoveryCodeHash.HASH_BYTES];
      RANDOM.nextBytes(salt);
      RANDOM.nextBytes(hash);
      codes.add(RecoveryCodeHash.of(UUID.randomUUID().toString(), salt, hash, null));
    }
    return codes;
  }

  protected PendingCredential pendingFor(
      String account, OtpSecret secret, Instant createdAt, boolean replacement) {
    return PendingCredential.create(
        cipher.encrypt(account, secret),
        TotpParameters.DEFAULT,
        createdAt,
        createdAt.plus(Duration.ofMinutes(10)),
        replacement);
  }

  protected static StateUpdate proof(AccountState expected, AccountState next) {
    return new StateUpdate(expected, next, null, NOW);
  }

  /** What {@link #enroll} made. */
  protected record Enrolled(String account, OtpSecret secret, List<RecoveryCodeHash> codes) {}

  /** Enrolls an account through the store: pending, then confirmed at step 100 with 10 codes. */
  protected Enrolled enroll(String account) {
    OtpSecret secret = OtpSecret.generate();
    PendingCredential pending = pendingFor(account, secret, NOW, false);
    store().savePending(account, pending);
    List<RecoveryCodeHash> codes = codes(10);
    AccountState state = store().loadState(account);
    assertThat(
            store()
                .confirmPending(
                    pending.enrollmentId(), NOW, proof(state, state.accepted(100, 0)), codes))
        .isTrue();
    return new Enrolled(account, secret, codes);
  }

  // ---------------------------------------------------------------- account state

  @Test
  void loadState_unknownAccount_returnsInitialState() {
    String a = newAccount();
    assertThat(store().loadState(a)).isEqualTo(AccountState.initial(a));
  }

  @Test
  void updateState_fromInitial_createsStateAsGiven() {
    String a = newAccount();
    AccountState initial = AccountState.initial(a);
    AccountState next = new AccountState(a, 5, 2, NOW, -1);

    assertThat(store().updateState(initial, next)).isTrue();

    assertThat(store().loadState(a)).isEqualTo(next);
    assertThat(store().loadState(a).lastFailureAt()).isEqualTo(NOW_MICROS);
  }

  @Test
  void updateState_comparesEveryField_staleExpectationRefusedAndNothingChanged() {
    String a = newAccount();
    AccountState initial = AccountState.initial(a);
    AccountState charged = initial.charged(NOW);
    assertThat(store().updateState(initial, charged)).isTrue();
    AccountState stored = store().loadState(a);

    List<AccountState> stale =
        List.of(
            initial,
            new AccountState(a, AccountState.NONE, 1, NOW.plusSeconds(1), 0),
            new AccountState(a, AccountState.NONE, 2, NOW, 0),
            new AccountState(a, 0, 1, NOW, 0),
            new AccountState(a, AccountState.NONE, 1, NOW, 1),
            new AccountState(a, AccountState.NONE, 1, null, 0));
    for (AccountState expected : stale) {
      assertThat(store().updateState(expected, expected.accepted(9, 0)))
          .as("%s", expected)
          .isFalse();
      assertThat(secondNode().loadState(a)).isEqualTo(stored);
    }
    assertThat(store().updateState(stored, stored.accepted(9, 3))).isTrue();
    assertThat(secondNode().loadState(a)).isEqualTo(new AccountState(a, 9, 0, null, 3));
  }

  @Test
  void updateState_sameCountLaterFailure_refused() {
    // Judged at (1 failure, NOW); meanwhile a success cleared the count and a new failure came.
    String a = newAccount();
    AccountState judged = AccountState.initial(a).charged(NOW);
    assertThat(store().updateState(AccountState.initial(a), judged)).isTrue();
    AccountState success = judged.accepted(5, 0);
    assertThat(store().updateState(judged, success)).isTrue();
    AccountState again = success.charged(NOW.plusSeconds(30));
    assertThat(store().updateState(success, again)).isTrue();
    assertThat(again.failures()).isEqualTo(judged.failures());

    assertThat(store().updateState(judged, judged.charged(NOW.plusSeconds(31)))).isFalse();
    assertThat(store().loadState(a)).isEqualTo(again);
  }

  @Test
  void updateState_initialExpectedButRowExists_refused() {
    String a = newAccount();
    AccountState initial = AccountState.initial(a);
    assertThat(store().updateState(initial, initial.accepted(3, 0))).isTrue();
    assertThat(secondNode().updateState(initial, initial.charged(NOW))).isFalse();
    assertThat(store().loadState(a).lastUsedStep()).isEqualTo(3);
  }

  @Test
  void resetFailures_clearsCountKeepsStepAndDrift() {
    String a = newAccount();
    AccountState used = AccountState.initial(a).accepted(8, 2);
    assertThat(store().updateState(AccountState.initial(a), used)).isTrue();
    assertThat(store().updateState(used, used.charged(NOW))).isTrue();
    store().resetFailures(a);
    assertThat(store().loadState(a)).isEqualTo(new AccountState(a, 8, 0, null, 2));
    String fresh = newAccount();
    store().resetFailures(fresh);
    assertThat(store().loadState(fresh)).isEqualTo(AccountState.initial(fresh));
  }

  @Test
  void resetState_replacesStateOnNewAndExistingAccounts() {
    String a = newAccount();
    store().resetState(a, 41);
    assertThat(store().loadState(a)).isEqualTo(new AccountState(a, 41, 0, null, 0));
    AccountState s = store().loadState(a);
    assertThat(store().updateState(s, s.charged(NOW))).isTrue();
    store().resetState(a, AccountState.NONE);
    assertThat(store().loadState(a)).isEqualTo(AccountState.initial(a));
    assertThat(store().updateState(AccountState.initial(a), AccountState.initial(a).accepted(0, 0)))
        .isTrue();
  }

  @Test
  void deleteState_removesState() {
    String a = newAccount();
    assertThat(store().updateState(AccountState.initial(a), AccountState.initial(a).accepted(8, 0)))
        .isTrue();
    store().deleteState(a);
    assertThat(store().loadState(a)).isEqualTo(AccountState.initial(a));
    store().deleteState(a);
  }

  @Test
  void stateOperations_invalidArguments_rejectedWithClearMessages() {
    assertThatThrownBy(() -> store().resetState("a", -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lastUsedStep must be -1 or more but was -2");
    assertThatThrownBy(() -> store().loadState(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("accountId must be 1 to 255 characters long but was 0");
    assertThatThrownBy(() -> store().load("x".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("accountId must be 1 to 255 characters long but was 256");
    assertThatThrownBy(() -> store().loadState("x".repeat(300)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("accountId must be 1 to 255 characters long but was 300");
    assertThatThrownBy(
            () -> store().updateState(AccountState.initial("a"), AccountState.initial("b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected and next must be states of the same account");
    assertThatThrownBy(() -> store().accountsWithSecretsNotUnder("k", null, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be 1 or more but was 0");
  }

  @Test
  void accountId_longestAndUnicode_roundTrip() {
    String longest = "é".repeat(255);
    AccountState initial = AccountState.initial(longest);
    assertThat(store().updateState(initial, initial.accepted(1, 0))).isTrue();
    assertThat(store().loadState(longest).lastUsedStep()).isEqualTo(1);
    assertThat(store().load(longest).active()).isNull();
  }

  // ---------------------------------------------------------------- enrollment

  @Test
  void load_unknownAccount_isEmpty() {
    String a = newAccount();
    assertThat(store().load(a)).isEqualTo(EnrollmentSnapshot.empty(a));
    assertThat(store().loadWithRecoveryCodes(a)).isEqualTo(EnrollmentSnapshot.empty(a));
  }

  @Test
  void load_stateWithoutEnrollment_isReturned() {
    String a = newAccount();
    AccountState charged = AccountState.initial(a).charged(NOW);
    assertThat(store().updateState(AccountState.initial(a), charged)).isTrue();
    assertThat(store().load(a).state()).isEqualTo(charged);
    assertThat(store().loadWithRecoveryCodes(a).state()).isEqualTo(charged);
  }

  @Test
  void savePending_storesCredentialAsGiven() {
    String a = newAccount();
    OtpSecret secret = OtpSecret.generate();
    TotpParameters params =
        new TotpParameters(
            HmacAlgorithm.SHA256, 8, Duration.ofSeconds(60), Instant.ofEpochSecond(1_000));
    PendingCredential p =
        PendingCredential.create(
            cipher.encrypt(a, secret), params, NOW, NOW.plusSeconds(600), false);
    store().savePending(a, p);

    assertThat(store().load(a).pending()).isEqualTo(p);
    assertThat(p.createdAt()).isEqualTo(NOW_MICROS);
    assertThat(store().load(a))
        .isEqualTo(new EnrollmentSnapshot(a, null, p, AccountState.initial(a), 0, List.of()));
    assertThat(
            cipher
                .decrypt(a, store().load(a).pendingCredential().orElseThrow().secret())
                .sameKeyAs(secret))
        .isTrue();
  }

  @Test
  void savePending_again_replacesPreviousPending() {
    String a = newAccount();
    PendingCredential first = pendingFor(a, OtpSecret.generate(), NOW, false);
    PendingCredential second = pendingFor(a, OtpSecret.generate(), NOW.plusSeconds(5), false);
    store().savePending(a, first);
    secondNode().savePending(a, second);
    assertThat(store().load(a).pending()).isEqualTo(second);
    AccountState s = store().loadState(a);
    assertThat(store().confirmPending(first.enrollmentId(), NOW, proof(s, s.accepted(1, 0)), null))
        .isFalse();
    assertThat(store().load(a).pending()).isEqualTo(second);
  }

  @Test
  void confirmPending_movesPendingToActiveSetsStateAndStoresCodes() {
    String a = newAccount();
    OtpSecret secret = OtpSecret.generate();
    PendingCredential p = pendingFor(a, secret, NOW, false);
    store().savePending(a, p);
    AccountState charged = AccountState.initial(a).charged(NOW);
    assertThat(store().updateState(AccountState.initial(a), charged)).isTrue();
    List<RecoveryCodeHash> codes = codes(10);
    Instant confirmedAt = NOW.plusSeconds(30);

    assertThat(
            store()
                .confirmPending(
                    p.enrollmentId(),
                    confirmedAt,
                    proof(charged, charged.accepted(123, -1)),
                    codes))
        .isTrue();

    EnrollmentSnapshot snapshot = store().loadWithRecoveryCodes(a);
    ActiveCredential active = snapshot.activeCredential().orElseThrow();
    assertThat(active).isEqualTo(new ActiveCredential(p.secret(), p.parameters(), confirmedAt));
    assertThat(active.enabledSince()).isEqualTo(confirmedAt.truncatedTo(ChronoUnit.MICROS));
    assertThat(cipher.decrypt(a, active.secret()).sameKeyAs(secret)).isTrue();
    assertThat(snapshot.pending()).isNull();
    assertThat(snapshot.state()).isEqualTo(new AccountState(a, 123, 0, null, -1));
    assertThat(snapshot.recoveryCodes()).isEqualTo(codes);
    assertThat(store().load(a).unusedRecoveryCodes()).isEqualTo(10);
    assertThat(store().load(a).recoveryCodes()).isEmpty();
  }

  @Test
  void confirmPending_unknownIdOrChangedState_changesNothing() {
    String a = newAccount();
    AccountState initial = AccountState.initial(a);
    assertThat(
            store().confirmPending("nope", NOW, proof(initial, initial.accepted(1, 0)), List.of()))
        .isFalse();
    assertThat(store().load(a)).isEqualTo(EnrollmentSnapshot.empty(a));

    PendingCredential p = pendingFor(a, OtpSecret.generate(), NOW, false);
    store().savePending(a, p);
    assertThat(
            store().confirmPending("other", NOW, proof(initial, initial.accepted(1, 0)), codes(2)))
        .isFalse();
    AccountState charged = initial.charged(NOW);
    assertThat(store().updateState(initial, charged)).isTrue();
    assertThat(
            secondNode()
                .confirmPending(
                    p.enrollmentId(), NOW, proof(initial, initial.accepted(1, 0)), codes(2)))
        .as("the state changed since it was read")
        .isFalse();
    EnrollmentSnapshot after = store().loadWithRecoveryCodes(a);
    assertThat(after).isEqualTo(new EnrollmentSnapshot(a, null, p, charged, 0, List.of()));
  }

  @Test
  void confirmPending_atOrAfterExpiry_refused_justBefore_accepted() {
    String a = newAccount();
    PendingCredential p = pendingFor(a, OtpSecret.generate(), NOW, false);
    store().savePending(a, p);
    AccountState s = AccountState.initial(a);
    StateUpdate update = proof(s, s.accepted(1, 0));
    assertThat(store().confirmPending(p.enrollmentId(), p.expiresAt(), update, null)).isFalse();
    assertThat(store().confirmPending(p.enrollmentId(), p.expiresAt().plusSeconds(1), update, null))
        .isFalse();
    assertThat(store().load(a).active()).isNull();
    assertThat(store().load(a).pending()).isEqualTo(p);
    assertThat(
            store().confirmPending(p.enrollmentId(), p.expiresAt().minusNanos(1_000), update, null))
        .isTrue();
  }

  @Test
  void confirmPending_recoveryCodeInProof_rejected() {
    AccountState s = AccountState.initial("a");
    assertThatThrownBy(
            () -> store().confirmPending("e", NOW, new StateUpdate(s, s, "code", NOW), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a first code is confirmed without a recovery code");
  }

  @Test
  void saveReplacement_appliesProofAndKeepsActiveUntilConfirmed() {
    Enrolled old = enroll(newAccount());
    String a = old.account();
    ActiveCredential oldActive = store().load(a).active();
    OtpSecret newSecret = OtpSecret.generate();
    PendingCredential p = pendingFor(a, newSecret, NOW.plusSeconds(60), true);
    AccountState s = store().loadState(a);

    assertThat(store().saveReplacement(proof(s, s.accepted(101, 0)), p)).isTrue();
    assertThat(store().saveReplacement(proof(s, s.accepted(102, 0)), p))
        .as("the proof's state is no longer current")
        .isFalse();

    EnrollmentSnapshot snapshot = store().loadWithRecoveryCodes(a);
    assertThat(snapshot.active()).isEqualTo(oldActive);
    assertThat(snapshot.pending()).isEqualTo(p);
    assertThat(snapshot.state().lastUsedStep()).isEqualTo(101);

    AccountState now = snapshot.state();
    assertThat(
            store()
                .confirmPending(
                    p.enrollmentId(), NOW.plusSeconds(90), proof(now, now.accepted(101, 0)), null))
        .isTrue();
    ActiveCredential replaced = store().load(a).activeCredential().orElseThrow();
    assertThat(cipher.decrypt(a, replaced.secret()).sameKeyAs(newSecret)).isTrue();
    assertThat(replaced.enabledSince()).isEqualTo(NOW_MICROS.plusSeconds(90));
    assertThat(store().loadWithRecoveryCodes(a).recoveryCodes())
        .as("null keeps the recovery codes")
        .isEqualTo(old.codes());
  }

  @Test
  void saveReplacement_withRecoveryCode_spendsItOnce_andNeedsAnActiveCredential() {
    Enrolled e = enroll(newAccount());
    String a = e.account();
    AccountState s = store().loadState(a);
    String codeId = e.codes().get(2).id();
    PendingCredential p = pendingFor(a, OtpSecret.generate(), NOW, true);

    assertThat(store().saveReplacement(new StateUpdate(s, s, codeId, NOW), p)).isTrue();
    assertThat(secondNode().saveReplacement(new StateUpdate(s, s, codeId, NOW), p)).isFalse();
    assertThat(store().load(a).unusedRecoveryCodes()).isEqualTo(9);

    String fresh = newAccount();
    AccountState initial = AccountState.initial(fresh);
    assertThat(
            store()
                .saveReplacement(
                    proof(initial, initial), pendingFor(fresh, OtpSecret.generate(), NOW, true)))
        .isFalse();
    assertThat(store().load(fresh)).isEqualTo(EnrollmentSnapshot.empty(fresh));
    assertThatThrownBy(
            () ->
                store()
                    .saveReplacement(proof(s, s), pendingFor(a, OtpSecret.generate(), NOW, false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pending must be a replacement");
  }

  @Test
  void deletePending_matchingId_removesOnlyPending() {
    Enrolled e = enroll(newAccount());
    String a = e.account();
    ActiveCredential active = store().load(a).active();
    PendingCredential p = pendingFor(a, OtpSecret.generate(), NOW, true);
    store().savePending(a, p);
    assertThat(store().deletePending(a, "other")).isFalse();
    assertThat(store().load(a).pending()).isEqualTo(p);
    assertThat(store().deletePending(a, p.enrollmentId())).isTrue();
    assertThat(store().load(a).pending()).isNull();
    assertThat(store().load(a).active()).isEqualTo(active);
    assertThat(store().deletePending(a, p.enrollmentId())).isFalse();

    String fresh = newAccount();
    PendingCredential only = pendingFor(fresh, OtpSecret.generate(), NOW, false);
    store().savePending(fresh, only);
    assertThat(store().deletePending(fresh, only.enrollmentId())).isTrue();
    assertThat(store().load(fresh)).isEqualTo(EnrollmentSnapshot.empty(fresh));
  }

  @Test
  void deleteExpiredPending_removesOnlyExpired() {
    String expired = newAccount();
    String live = newAccount();
    Instant longAgo = NOW.minus(Duration.ofDays(400));
    store().savePending(expired, pendingFor(expired, OtpSecret.generate(), longAgo, false));
    PendingCredential livePending = pendingFor(live, OtpSecret.generate(), NOW, false);
    store().savePending(live, livePending);

    int removed = store().deleteExpiredPending(NOW.minus(Duration.ofDays(300)));

    assertThat(removed).isGreaterThanOrEqualTo(1);
    assertThat(store().load(expired)).isEqualTo(EnrollmentSnapshot.empty(expired));
    assertThat(store().load(live).pending()).isEqualTo(livePending);
  }

  @Test
  void spendRecoveryCode_onceOnly_othersUnaffected_andClearsFailures() {
    Enrolled e = enroll(newAccount());
    String a = e.account();
    AccountState s = store().loadState(a);
    AccountState charged = s.charged(NOW);
    assertThat(store().updateState(s, charged)).isTrue();
    String codeId = e.codes().get(3).id();
    Instant at = NOW.plusSeconds(42);

    assertThat(
            store()
                .spendRecoveryCode(new StateUpdate(charged, charged.withoutFailures(), codeId, at)))
        .isTrue();
    AccountState cleared = store().loadState(a);
    assertThat(cleared).isEqualTo(charged.withoutFailures());
    assertThat(secondNode().spendRecoveryCode(new StateUpdate(cleared, cleared, codeId, at)))
        .isFalse();

    List<RecoveryCodeHash> after = store().loadWithRecoveryCodes(a).recoveryCodes();
    assertThat(after.get(3).usedAt()).contains(at.truncatedTo(ChronoUnit.MICROS));
    assertThat(after).filteredOn(RecoveryCodeHash::isUsed).hasSize(1);
    assertThat(store().load(a).unusedRecoveryCodes()).isEqualTo(9);
    assertThat(store().spendRecoveryCode(new StateUpdate(cleared, cleared, "no-such-code", at)))
        .isFalse();
    String other = e.codes().get(4).id();
    assertThat(store().spendRecoveryCode(new StateUpdate(charged, cleared, other, at)))
        .as("a stale state spends nothing")
        .isFalse();
    assertThat(store().load(a).unusedRecoveryCodes()).isEqualTo(9);
    assertThatThrownBy(() -> store().spendRecoveryCode(proof(cleared, cleared)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the update names no recovery code to spend");
  }

  @Test
  void replaceRecoveryCodes_requiresActiveCredentialAndCurrentState() {
    String a = newAccount();
    store().savePending(a, pendingFor(a, OtpSecret.generate(), NOW, false));
    AccountState initial = AccountState.initial(a);
    assertThat(store().replaceRecoveryCodes(proof(initial, initial), codes(10))).isFalse();
    assertThat(store().load(a).unusedRecoveryCodes()).isZero();

    Enrolled e = enroll(newAccount());
    AccountState s = store().loadState(e.account());
    List<RecoveryCodeHash> fresh = codes(5);
    assertThat(secondNode().replaceRecoveryCodes(proof(s, s.accepted(101, 0)), fresh)).isTrue();
    assertThat(store().replaceRecoveryCodes(proof(s, s.accepted(102, 0)), codes(3))).isFalse();
    assertThat(store().loadWithRecoveryCodes(e.account()).recoveryCodes()).isEqualTo(fresh);
    assertThat(store().loadState(e.account()).lastUsedStep()).isEqualTo(101);
  }

  @Test
  void replaceRecoveryCodes_proofByRecoveryCode_spendsOldCodeThenReplacesAll() {
    Enrolled e = enroll(newAccount());
    String a = e.account();
    AccountState s = store().loadState(a);
    List<RecoveryCodeHash> fresh = codes(4);
    assertThat(
            store().replaceRecoveryCodes(new StateUpdate(s, s, e.codes().get(0).id(), NOW), fresh))
        .isTrue();
    assertThat(store().loadWithRecoveryCodes(a).recoveryCodes()).isEqualTo(fresh);
  }

  @Test
  void recoveryCodes_tooManyOrDuplicateIds_rejected() {
    Enrolled e = enroll(newAccount());
    AccountState s = store().loadState(e.account());
    List<RecoveryCodeHash> many = codes(101);
    assertThatThrownBy(() -> store().replaceRecoveryCodes(proof(s, s), many))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at most 100 recovery codes can be stored but 101 were given");
    RecoveryCodeHash one = codes(1).get(0);
    assertThatThrownBy(() -> store().replaceRecoveryCodes(proof(s, s), List.of(one, one)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recovery code ids must be unique");
    assertThat(store().loadWithRecoveryCodes(e.account()).recoveryCodes()).isEqualTo(e.codes());
    assertThat(store().replaceRecoveryCodes(proof(s, s), codes(100))).isTrue();
  }

  @Test
  void disable_removesEverythingIncludingState() {
    Enrolled e = enroll(newAccount());
    String a = e.account();
    store().savePending(a, pendingFor(a, OtpSecret.generate(), NOW, true));
    AccountState s = store().loadState(a);
    AccountState charged = s.charged(NOW);
    assertThat(store().updateState(s, charged)).isTrue();

    assertThat(secondNode().disable(proof(s, s.accepted(101, 0))))
        .as("a stale state disables nothing")
        .isFalse();
    assertThat(store().load(a).active()).isNotNull();
    assertThat(secondNode().disable(proof(charged, charged.accepted(101, 0)))).isTrue();

    assertThat(store().loadWithRecoveryCodes(a)).isEqualTo(EnrollmentSnapshot.empty(a));
    AccountState initial = AccountState.initial(a);
    assertThat(store().disable(proof(initial, initial))).isFalse();
  }

  @Test
  void disable_proofBySpentRecoveryCode_refusedAndNothingChanged() {
    Enrolled e = enroll(newAccount());
    String a = e.account();
    AccountState s = store().loadState(a);
    String codeId = e.codes().get(0).id();
    assertThat(store().spendRecoveryCode(new StateUpdate(s, s, codeId, NOW))).isTrue();

    assertThat(store().disable(new StateUpdate(s, s, codeId, NOW))).isFalse();
    assertThat(store().load(a).active()).isNotNull();
    assertThat(store().disable(new StateUpdate(s, s, e.codes().get(1).id(), NOW))).isTrue();
    assertThat(store().load(a)).isEqualTo(EnrollmentSnapshot.empty(a));
  }

  @Test
  void disable_notEnabled_returnsFalseAndChangesNothing() {
    String a = newAccount();
    AccountState initial = AccountState.initial(a);
    assertThat(store().disable(proof(initial, initial))).isFalse();
    PendingCredential p = pendingFor(a, OtpSecret.generate(), NOW, false);
    store().savePending(a, p);
    assertThat(store().disable(proof(initial, initial))).isFalse();
    assertThat(store().load(a).pending()).isEqualTo(p);
  }

  @Test
  void reenroll_afterDisable_startsFresh() {
    Enrolled first = enroll(newAccount());
    String a = first.account();
    AccountState s = store().loadState(a);
    assertThat(store().disable(proof(s, s))).isTrue();
    Enrolled second = enroll(a);
    assertThat(
            cipher
                .decrypt(a, store().load(a).activeCredential().orElseThrow().secret())
                .sameKeyAs(second.secret()))
        .isTrue();
    assertThat(store().loadWithRecoveryCodes(a).recoveryCodes()).isEqualTo(second.codes());
    assertThat(store().loadState(a).lastUsedStep()).isEqualTo(100);
  }

  @Test
  void importActive_onlyWithoutActiveCredential_atomically() {
    String a = newAccount();
    PendingCredential stale = pendingFor(a, OtpSecret.generate(), NOW, false);
    store().savePending(a, stale);
    OtpSecret secret = OtpSecret.generate();
    ActiveCredential imported =
        new ActiveCredential(cipher.encrypt(a, secret), TotpParameters.DEFAULT, NOW);
    AccountState state = AccountState.initial(a).accepted(777, 0);
    List<RecoveryCodeHash> codes = codes(3);

    assertThat(store().importActive(a, imported, state, codes)).isTrue();

    EnrollmentSnapshot snapshot = store().loadWithRecoveryCodes(a);
    assertThat(snapshot.active()).isEqualTo(imported);
    assertThat(snapshot.pending()).as("a setup in progress is dropped").isNull();
    assertThat(snapshot.state()).isEqualTo(state);
    assertThat(snapshot.recoveryCodes()).isEqualTo(codes);

    ActiveCredential other =
        new ActiveCredential(cipher.encrypt(a, OtpSecret.generate()), TotpParameters.DEFAULT, NOW);
    assertThat(secondNode().importActive(a, other, AccountState.initial(a), null)).isFalse();
    assertThat(store().loadWithRecoveryCodes(a)).isEqualTo(snapshot);

    String b = newAccount();
    ActiveCredential withoutCodes =
        new ActiveCredential(cipher.encrypt(b, secret), TotpParameters.DEFAULT, NOW);
    assertThat(store().importActive(b, withoutCodes, AccountState.initial(b), null)).isTrue();
    assertThat(store().load(b).unusedRecoveryCodes()).isZero();
    assertThatThrownBy(() -> store().importActive(b, withoutCodes, AccountState.initial(a), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("state must belong to the imported account");
  }

  // ---------------------------------------------------------------- rotation

  @Test
  void replaceActiveAndPendingSecret_compareAndSetOnOldCiphertext() {
    Enrolled e = enroll(newAccount());
    String a = e.account();
    EncryptedSecret stored = store().load(a).activeCredential().orElseThrow().secret();
    EncryptedSecret fresh = cipher.reencrypt(a, stored);
    EncryptedSecret other = cipher.encrypt(a, OtpSecret.generate());

    assertThat(store().replaceActiveSecret(a, other, fresh)).isFalse();
    assertThat(store().replaceActiveSecret(a, stored, fresh)).isTrue();
    assertThat(store().replaceActiveSecret(a, stored, other)).isFalse();
    assertThat(store().load(a).activeCredential().orElseThrow().secret()).isEqualTo(fresh);
    assertThat(cipher.decrypt(a, fresh).sameKeyAs(e.secret())).isTrue();

    PendingCredential p = pendingFor(a, OtpSecret.generate(), NOW, true);
    store().savePending(a, p);
    EncryptedSecret pendingFresh = cipher.reencrypt(a, p.secret());
    assertThat(store().replacePendingSecret(a, other, pendingFresh)).isFalse();
    assertThat(store().replacePendingSecret(a, p.secret(), pendingFresh)).isTrue();
    assertThat(store().load(a).pending()).isEqualTo(p.withSecret(pendingFresh));
  }

  @Test
  void accountsWithSecretsNotUnder_listsActiveAndPendingInOrder() {
    EncryptionKey old = EncryptionKey.generate("list-" + UUID.randomUUID());
    SecretCipher oldCipher = SecretCipher.create(old);
    String a = "list-a-" + UUID.randomUUID();
    String b = "list-b-" + UUID.randomUUID();
    store()
        .savePending(
            b,
            PendingCredential.create(
                oldCipher.encrypt(b, OtpSecret.generate()),
                TotpParameters.DEFAULT,
                NOW,
                NOW.plusSeconds(60),
                false));
    assertThat(
            store()
                .importActive(
                    a,
                    new ActiveCredential(
                        oldCipher.encrypt(a, OtpSecret.generate()), TotpParameters.DEFAULT, NOW),
                    AccountState.initial(a),
                    null))
        .isTrue();

    List<String> all = store().accountsWithSecretsNotUnder("k1", null, 100_000);
    assertThat(all).contains(a, b);
    assertThat(all).isSorted();
    List<String> afterA = store().accountsWithSecretsNotUnder("k1", a, 100_000);
    assertThat(afterA).doesNotContain(a).contains(b);
    assertThat(store().accountsWithSecretsNotUnder("k1", null, 1)).hasSize(1);
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
  void updateState_sixteenThreadsTwoNodesSameExpectation_exactlyOneWinsEachRound()
      throws Exception {
    String a = newAccount();
    for (int round = 0; round < ROUNDS; round++) {
      AccountState seen = store().loadState(a);
      long step = 1_000L + round;
      List<Boolean> results = race((t, node) -> node.updateState(seen, seen.accepted(step, t)));
      assertThat(Collections.frequency(results, true)).as("round %d", round).isEqualTo(1);
    }
    assertThat(store().loadState(a).lastUsedStep()).isEqualTo(1_000 + ROUNDS - 1);
  }

  @Test
  void updateState_freshAccountsRace_exactlyOneWinsEach() throws Exception {
    for (int round = 0; round < 20; round++) {
      String a = newAccount();
      AccountState initial = AccountState.initial(a);
      List<Boolean> results = race((t, node) -> node.updateState(initial, initial.accepted(7, t)));
      assertThat(Collections.frequency(results, true)).as("round %d", round).isEqualTo(1);
    }
  }

  @Test
  void updateState_chargingLikeThePipeline_neverLosesAFailure() throws Exception {
    String a = newAccount();
    int perThread = 10;
    AtomicInteger charged = new AtomicInteger();
    List<Boolean> done =
        race(
            (t, node) -> {
              for (int i = 0; i < perThread; i++) {
                while (true) {
                  AccountState seen = node.loadState(a);
                  if (node.updateState(seen, seen.charged(NOW))) {
                    charged.incrementAndGet();
                    break;
                  }
                }
              }
              return true;
            });
    assertThat(done).containsOnly(true);
    assertThat(charged.get()).isEqualTo(THREADS * perThread);
    assertThat(store().loadState(a).failures()).isEqualTo(THREADS * perThread);
  }

  @Test
  void spendRecoveryCode_sixteenThreadsTwoNodes_usedExactlyOnceEachRound() throws Exception {
    Enrolled e = enroll(newAccount());
    String a = e.account();
    for (int round = 0; round < ROUNDS; round++) {
      AccountState s = store().loadState(a);
      List<RecoveryCodeHash> one = codes(1);
      assertThat(store().replaceRecoveryCodes(proof(s, s), one)).isTrue();
      String id = one.get(0).id();
      List<Boolean> results =
          race(
              (t, node) -> {
                AccountState seen = node.loadState(a);
                return node.spendRecoveryCode(new StateUpdate(seen, seen, id, NOW));
              });
      assertThat(Collections.frequency(results, true)).as("round %d", round).isEqualTo(1);
    }
  }

  @Test
  void confirmPending_concurrentConfirmations_exactlyOneSucceeds() throws Exception {
    for (int round = 0; round < 10; round++) {
      String a = newAccount();
      PendingCredential p = pendingFor(a, OtpSecret.generate(), NOW, false);
      store().savePending(a, p);
      AccountState initial = AccountState.initial(a);
      List<Boolean> results =
          race(
              (t, node) ->
                  node.confirmPending(
                      p.enrollmentId(),
                      NOW,
                      proof(initial, initial.accepted(500L + t, 0)),
                      codes(2)));
      assertThat(Collections.frequency(results, true)).as("round %d", round).isEqualTo(1);
      int winner = results.indexOf(true);
      assertThat(store().loadState(a).lastUsedStep()).isEqualTo(500 + winner);
      assertThat(store().load(a).unusedRecoveryCodes()).isEqualTo(2);
    }
  }
}

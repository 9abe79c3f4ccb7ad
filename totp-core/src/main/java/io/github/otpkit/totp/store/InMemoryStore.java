package io.github.otpkit.totp.store;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.otpkit.totp.crypto.EncryptedSecret;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EnrollmentStore} (and so an {@link AccountStateStore}) in memory: for tests, for the
 * verifiers on a single node, and for a portal on a single node that accepts that a restart forgets
 * every enrollment.
 *
 * <p>Each account's data (verification state, credentials, recovery codes) is one immutable entry
 * in a {@link ConcurrentHashMap}, replaced atomically with {@code compute}, so every operation is
 * atomic per account and never half-applied.
 *
 * <h2>Bound</h2>
 *
 * The store holds at most {@code maxAccounts} accounts ({@value #DEFAULT_MAX_ACCOUNTS} by default).
 * When it is full, operations that would add an account fail with {@link StateStoreException} (fail
 * closed); nothing is evicted, because forgetting an account's last used step or failure count
 * would re-open replays and lift throttling. An account leaves the store when nothing is left of it
 * ({@link #disable}, {@link #deleteState}).
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
public final class InMemoryStore implements EnrollmentStore {
  /** The default bound: 100,000 accounts. */
  public static final int DEFAULT_MAX_ACCOUNTS = 100_000;

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final int maxAccounts;

  private InMemoryStore(int maxAccounts) {
    this.maxAccounts = maxAccounts;
  }

  /**
   * Creates an empty store for at most {@value #DEFAULT_MAX_ACCOUNTS} accounts.
   *
   * @return the store
   */
  public static InMemoryStore create() {
    return create(DEFAULT_MAX_ACCOUNTS);
  }

  /**
   * Creates an empty store for at most {@code maxAccounts} accounts.
   *
   * @param maxAccounts 1 or more
   * @return the store
   * @throws IllegalArgumentException if {@code maxAccounts} is below 1
   */
  public static InMemoryStore create(int maxAccounts) {
    if (maxAccounts < 1) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "maxAccounts must be 1 or more but was %d", maxAccounts));
    }
    return new InMemoryStore(maxAccounts);
  }

  /**
   * Returns the number of accounts with stored data.
   *
   * @return the count
   */
  public int size() {
    return size.get();
  }

  /**
   * Returns the bound.
   *
   * @return the most accounts the store holds
   */
  public int maxAccounts() {
    return maxAccounts;
  }

  // ---- AccountStateStore ------------------------------------------------------------------------

  @Override
  public AccountState loadState(String accountId) {
    AccountStateStore.checkAccountId(accountId);
    Entry e = entries.get(accountId);
    return e == null ? AccountState.initial(accountId) : e.state(accountId);
  }

  @Override
  public boolean updateState(AccountState expected, AccountState next) {
    checkSameAccount(expected, next);
    return update(
        expected.accountId(),
        e -> e.state(expected.accountId()).equals(expected) ? e.withState(next) : null);
  }

  @Override
  public void resetState(String accountId, long lastUsedStep) {
    AccountStateStore.checkAccountId(accountId);
    AccountState fresh = AccountState.initial(accountId);
    if (lastUsedStep < AccountState.NONE) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "lastUsedStep must be -1 or more but was %d", lastUsedStep));
    }
    AccountState state =
        lastUsedStep == AccountState.NONE ? fresh : fresh.accepted(lastUsedStep, 0);
    update(accountId, e -> e.withState(state));
  }

  @Override
  public void deleteState(String accountId) {
    AccountStateStore.checkAccountId(accountId);
    update(accountId, e -> e.state == null ? null : e.withState(null));
  }

  // ---- EnrollmentStore --------------------------------------------------------------------------

  @Override
  public EnrollmentSnapshot load(String accountId) {
    EnrollmentSnapshot full = loadWithRecoveryCodes(accountId);
    return new EnrollmentSnapshot(
        accountId,
        full.active(),
        full.pending(),
        full.state(),
        full.unusedRecoveryCodes(),
        List.of());
  }

  @Override
  public EnrollmentSnapshot loadWithRecoveryCodes(String accountId) {
    AccountStateStore.checkAccountId(accountId);
    Entry e = entries.get(accountId);
    if (e == null) {
      return EnrollmentSnapshot.empty(accountId);
    }
    return EnrollmentSnapshot.withRecoveryCodes(
        accountId, e.active, e.pending, e.state(accountId), e.codes);
  }

  @Override
  public void savePending(String accountId, PendingCredential pending) {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(pending, "pending");
    update(accountId, e -> new Entry(e.state, e.active, pending, e.codes));
  }

  @Override
  public boolean saveReplacement(StateUpdate proof, PendingCredential pending) {
    Objects.requireNonNull(proof, "proof");
    Objects.requireNonNull(pending, "pending");
    if (!pending.replacement()) {
      throw new IllegalArgumentException("pending must be a replacement");
    }
    return update(
        proof.accountId(),
        e -> {
          Entry applied = e.active == null ? null : e.applyProof(proof);
          return applied == null
              ? null
              : new Entry(applied.state, applied.active, pending, applied.codes);
        });
  }

  @Override
  public boolean confirmPending(
      String enrollmentId,
      Instant now,
      StateUpdate proof,
      @Nullable List<RecoveryCodeHash> newRecoveryCodes) {
    Objects.requireNonNull(enrollmentId, "enrollmentId");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(proof, "proof");
    if (proof.recoveryCodeId() != null) {
      throw new IllegalArgumentException("a first code is confirmed without a recovery code");
    }
    List<RecoveryCodeHash> codes =
        newRecoveryCodes == null ? null : EnrollmentStore.checkRecoveryCodes(newRecoveryCodes);
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    String accountId = proof.accountId();
    return update(
        accountId,
        e -> {
          PendingCredential p = e.pending;
          if (p == null
              || !p.enrollmentId().equals(enrollmentId)
              || !p.isConfirmableAt(at)
              || !e.state(accountId).equals(proof.expected())) {
            return null;
          }
          ActiveCredential active = new ActiveCredential(p.secret(), p.parameters(), at);
          return new Entry(proof.next(), active, null, codes == null ? e.codes : codes);
        });
  }

  @Override
  public boolean spendRecoveryCode(StateUpdate update) {
    Objects.requireNonNull(update, "update");
    if (update.recoveryCodeId() == null) {
      throw new IllegalArgumentException("the update names no recovery code to spend");
    }
    return update(update.accountId(), e -> e.active == null ? null : e.applyProof(update));
  }

  @Override
  public boolean replaceRecoveryCodes(StateUpdate proof, List<RecoveryCodeHash> newRecoveryCodes) {
    Objects.requireNonNull(proof, "proof");
    List<RecoveryCodeHash> codes = EnrollmentStore.checkRecoveryCodes(newRecoveryCodes);
    return update(
        proof.accountId(),
        e -> {
          Entry applied = e.active == null ? null : e.applyProof(proof);
          return applied == null
              ? null
              : new Entry(applied.state, applied.active, applied.pending, codes);
        });
  }

  @Override
  public boolean disable(StateUpdate proof) {
    Objects.requireNonNull(proof, "proof");
    return update(
        proof.accountId(),
        e -> e.active == null || e.applyProof(proof) == null ? null : Entry.EMPTY);
  }

  @Override
  public boolean importActive(
      String accountId,
      ActiveCredential credential,
      AccountState state,
      @Nullable List<RecoveryCodeHash> newRecoveryCodes) {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(state, "state");
    if (!state.accountId().equals(accountId)) {
      throw new IllegalArgumentException("state must belong to the imported account");
    }
    List<RecoveryCodeHash> codes =
        newRecoveryCodes == null ? List.of() : EnrollmentStore.checkRecoveryCodes(newRecoveryCodes);
    return update(
        accountId, e -> e.active != null ? null : new Entry(state, credential, null, codes));
  }

  @Override
  public boolean deletePending(String accountId, String enrollmentId) {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(enrollmentId, "enrollmentId");
    return update(
        accountId,
        e -> {
          PendingCredential p = e.pending;
          if (p == null || !p.enrollmentId().equals(enrollmentId)) {
            return null;
          }
          return new Entry(e.state, e.active, null, e.codes);
        });
  }

  @Override
  public int deleteExpiredPending(Instant now) {
    Objects.requireNonNull(now, "now");
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    int removed = 0;
    for (String accountId : entries.keySet()) {
      boolean changed =
          update(
              accountId,
              e -> {
                PendingCredential p = e.pending;
                if (p == null || p.isConfirmableAt(at)) {
                  return null;
                }
                return new Entry(e.state, e.active, null, e.codes);
              });
      if (changed) {
        removed++;
      }
    }
    return removed;
  }

  @Override
  public List<String> accountsWithSecretsNotUnder(
      String keyId, @Nullable String afterAccountId, int limit) {
    Objects.requireNonNull(keyId, "keyId");
    if (limit < 1) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "limit must be 1 or more but was %d", limit));
    }
    List<String> ids = new ArrayList<>();
    entries.forEach(
        (id, e) -> {
          ActiveCredential a = e.active;
          PendingCredential p = e.pending;
          boolean stale =
              (a != null && !a.secret().keyId().equals(keyId))
                  || (p != null && !p.secret().keyId().equals(keyId));
          if (stale && (afterAccountId == null || id.compareTo(afterAccountId) > 0)) {
            ids.add(id);
          }
        });
    ids.sort(null);
    return List.copyOf(ids.subList(0, Math.min(limit, ids.size())));
  }

  @Override
  public boolean replaceActiveSecret(
      String accountId, EncryptedSecret expected, EncryptedSecret replacement) {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(replacement, "replacement");
    return update(
        accountId,
        e -> {
          ActiveCredential a = e.active;
          if (a == null || !a.secret().equals(expected)) {
            return null;
          }
          ActiveCredential updated =
              new ActiveCredential(replacement, a.parameters(), a.enabledSince());
          return new Entry(e.state, updated, e.pending, e.codes);
        });
  }

  @Override
  public boolean replacePendingSecret(
      String accountId, EncryptedSecret expected, EncryptedSecret replacement) {
    AccountStateStore.checkAccountId(accountId);
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(replacement, "replacement");
    return update(
        accountId,
        e -> {
          PendingCredential p = e.pending;
          if (p == null || !p.secret().equals(expected)) {
            return null;
          }
          return new Entry(e.state, e.active, p.withSecret(replacement), e.codes);
        });
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "InMemoryStore[%d of at most %d accounts]", size.get(), maxAccounts);
  }

  private static void checkSameAccount(AccountState expected, AccountState next) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(next, "next");
    if (!expected.accountId().equals(next.accountId())) {
      throw new IllegalArgumentException("expected and next must be states of the same account");
    }
  }

  /**
   * Applies a change to one account's entry atomically.
   *
   * @param accountId the account
   * @param change computes the next entry from the current one ({@link Entry#EMPTY} if there is
   *     none), or returns {@code null} to change nothing
   * @return whether the entry was changed
   */
  @CanIgnoreReturnValue
  private boolean update(String accountId, Function<Entry, @Nullable Entry> change) {
    boolean[] changed = new boolean[1];
    entries.compute(
        accountId,
        (id, old) -> {
          Entry next = change.apply(old == null ? Entry.EMPTY : old);
          if (next == null) {
            return old;
          }
          changed[0] = true;
          boolean empty = next.isEmpty();
          if (old == null && !empty && size.incrementAndGet() > maxAccounts) {
            size.decrementAndGet();
            throw new StateStoreException(
                String.format(
                    Locale.ROOT,
                    "in-memory store is full (%d accounts); no account was added",
                    maxAccounts));
          }
          if (old != null && empty) {
            size.decrementAndGet();
          }
          return empty ? null : next;
        });
    return changed[0];
  }

  /** One account's data; replaced as a whole. An initial state is not kept. */
  private static final class Entry {
    static final Entry EMPTY = new Entry(null, null, null, List.of());

    final @Nullable AccountState state;
    final @Nullable ActiveCredential active;
    final @Nullable PendingCredential pending;
    final List<RecoveryCodeHash> codes;

    Entry(
        @Nullable AccountState state,
        @Nullable ActiveCredential active,
        @Nullable PendingCredential pending,
        List<RecoveryCodeHash> codes) {
      this.state = state == null || state.isInitial() ? null : state;
      this.active = active;
      this.pending = pending;
      this.codes = codes;
    }

    AccountState state(String accountId) {
      AccountState s = state;
      return s == null ? AccountState.initial(accountId) : s;
    }

    boolean isEmpty() {
      return state == null && active == null && pending == null && codes.isEmpty();
    }

    Entry withState(@Nullable AccountState newState) {
      return new Entry(newState, active, pending, codes);
    }

    /**
     * Applies a proof: the state compare-and-set and, if it names one, the spending of an unused
     * recovery code.
     *
     * @return the entry after the proof, or {@code null} if the state or the code does not match
     */
    @Nullable Entry applyProof(StateUpdate proof) {
      if (!state(proof.accountId()).equals(proof.expected())) {
        return null;
      }
      String codeId = proof.recoveryCodeId();
      if (codeId == null) {
        return withState(proof.next());
      }
      List<RecoveryCodeHash> spent = new ArrayList<>(codes);
      for (int i = 0; i < spent.size(); i++) {
        RecoveryCodeHash code = spent.get(i);
        if (code.id().equals(codeId)) {
          if (code.isUsed()) {
            return null;
          }
          spent.set(i, code.markedUsed(proof.at()));
          return new Entry(proof.next(), active, pending, List.copyOf(spent));
        }
      }
      return null;
    }
  }
}

package io.github.otpkit.totp.enrollment;

import io.github.otpkit.totp.internal.StoreChecks;
import io.github.otpkit.totp.verify.AccountState;
import io.github.otpkit.totp.verify.AccountStateStore;
import io.github.otpkit.totp.verify.StateStoreException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EnrollmentStore} (with its {@link AccountStateStore}) in memory, for tests and for a
 * portal that runs on a single node and accepts that a restart forgets every enrollment.
 *
 * <p>Each account's data (credentials, recovery codes, verification state) is one immutable entry
 * in a {@link ConcurrentHashMap}, replaced atomically with {@code compute}, so every operation is
 * atomic per account and never half-applied.
 *
 * <h2>Bound</h2>
 *
 * The store holds at most {@code maxAccounts} accounts ({@value #DEFAULT_MAX_ACCOUNTS} by default).
 * When it is full, operations that would add an account fail with {@link StateStoreException}
 * (fail closed); nothing is evicted, because forgetting an account's last used step or failure
 * count would re-open replays and lift throttling. An account leaves the store when nothing is
 * left of it ({@link #disable}).
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe.
 */
public final class InMemoryEnrollmentStore implements EnrollmentStore {
  /** The default bound: 100,000 accounts. */
  public static final int DEFAULT_MAX_ACCOUNTS = 100_000;

  private static final Entry EMPTY = new Entry(null, null, null, List.of());

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final int maxAccounts;
  private final States states = new States();

  private InMemoryEnrollmentStore(int maxAccounts) {
    this.maxAccounts = maxAccounts;
  }

  /**
   * Creates an empty store for at most {@value #DEFAULT_MAX_ACCOUNTS} accounts.
   *
   * @return the store
   */
  public static InMemoryEnrollmentStore create() {
    return create(DEFAULT_MAX_ACCOUNTS);
  }

  /**
   * Creates an empty store for at most {@code maxAccounts} accounts.
   *
   * @param maxAccounts 1 or more
   * @return the store
   * @throws IllegalArgumentException if {@code maxAccounts} is below 1
   */
  public static InMemoryEnrollmentStore create(int maxAccounts) {
    if (maxAccounts < 1) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "maxAccounts must be 1 or more but was %d", maxAccounts));
    }
    return new InMemoryEnrollmentStore(maxAccounts);
  }

  /**
   * Returns the number of accounts with stored data.
   *
   * @return the count
   */
  public int size() {
    return size.get();
  }

  @Override
  public AccountStateStore accountStates() {
    return states;
  }

  @Override
  public EnrollmentSnapshot load(String accountId) {
    StoreChecks.accountId(accountId);
    Entry e = entries.get(accountId);
    return e == null
        ? EnrollmentSnapshot.empty(accountId)
        : new EnrollmentSnapshot(accountId, e.active, e.pending, e.codes);
  }

  @Override
  public Optional<ActiveCredential> findActive(String accountId) {
    StoreChecks.accountId(accountId);
    Entry e = entries.get(accountId);
    return e == null ? Optional.empty() : Optional.ofNullable(e.active);
  }

  @Override
  public Optional<PendingCredential> findPending(String accountId) {
    StoreChecks.accountId(accountId);
    Entry e = entries.get(accountId);
    return e == null ? Optional.empty() : Optional.ofNullable(e.pending);
  }

  @Override
  public List<RecoveryCodeHash> recoveryCodes(String accountId) {
    StoreChecks.accountId(accountId);
    Entry e = entries.get(accountId);
    return e == null ? List.of() : e.codes;
  }

  @Override
  public void savePending(String accountId, PendingCredential pending) {
    StoreChecks.accountId(accountId);
    Objects.requireNonNull(pending, "pending");
    update(accountId, e -> Change.to(new Entry(e.state, e.active, pending, e.codes)));
  }

  @Override
  public boolean confirmPending(
      String accountId,
      String enrollmentId,
      Instant now,
      long confirmedStep,
      int driftSteps,
      @Nullable List<RecoveryCodeHash> newRecoveryCodes) {
    StoreChecks.accountId(accountId);
    Objects.requireNonNull(enrollmentId, "enrollmentId");
    Objects.requireNonNull(now, "now");
    StoreChecks.step("confirmedStep", confirmedStep);
    List<RecoveryCodeHash> codes =
        newRecoveryCodes == null ? null : StoreChecks.recoveryCodes(newRecoveryCodes);
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    return update(
        accountId,
        e -> {
          PendingCredential p = e.pending;
          if (p == null || !p.enrollmentId().equals(enrollmentId) || !p.isConfirmableAt(at)) {
            return Change.none();
          }
          ActiveCredential active = new ActiveCredential(p.secret(), p.parameters(), at);
          AccountState state = new AccountState(accountId, confirmedStep, 0, null, driftSteps);
          return Change.to(new Entry(state, active, null, codes == null ? e.codes : codes));
        });
  }

  @Override
  public boolean deletePending(String accountId, String enrollmentId) {
    StoreChecks.accountId(accountId);
    Objects.requireNonNull(enrollmentId, "enrollmentId");
    return update(
        accountId,
        e -> {
          PendingCredential p = e.pending;
          if (p == null || !p.enrollmentId().equals(enrollmentId)) {
            return Change.none();
          }
          return Change.to(new Entry(e.state, e.active, null, e.codes));
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
                  return Change.none();
                }
                return Change.to(new Entry(e.state, e.active, null, e.codes));
              });
      if (changed) {
        removed++;
      }
    }
    return removed;
  }

  @Override
  public boolean replaceRecoveryCodes(String accountId, List<RecoveryCodeHash> newRecoveryCodes) {
    StoreChecks.accountId(accountId);
    List<RecoveryCodeHash> codes =
        StoreChecks.recoveryCodes(Objects.requireNonNull(newRecoveryCodes, "newRecoveryCodes"));
    return update(
        accountId,
        e ->
            e.active == null
                ? Change.none()
                : Change.to(new Entry(e.state, e.active, e.pending, codes)));
  }

  @Override
  public boolean consumeRecoveryCode(String accountId, String codeId, Instant at) {
    StoreChecks.accountId(accountId);
    Objects.requireNonNull(codeId, "codeId");
    Objects.requireNonNull(at, "at");
    return update(
        accountId,
        e -> {
          List<RecoveryCodeHash> codes = new ArrayList<>(e.codes);
          for (int i = 0; i < codes.size(); i++) {
            RecoveryCodeHash code = codes.get(i);
            if (code.id().equals(codeId)) {
              if (code.isUsed()) {
                return Change.none();
              }
              codes.set(i, code.markedUsed(at));
              return Change.to(new Entry(e.state, e.active, e.pending, List.copyOf(codes)));
            }
          }
          return Change.none();
        });
  }

  @Override
  public boolean disable(String accountId) {
    StoreChecks.accountId(accountId);
    boolean[] wasEnabled = new boolean[1];
    update(
        accountId,
        e -> {
          wasEnabled[0] = e.active != null;
          return Change.to(EMPTY);
        });
    return wasEnabled[0];
  }

  @Override
  public List<String> accountsWithSecretsNotUnder(
      String keyId, @Nullable String afterAccountId, int limit) {
    Objects.requireNonNull(keyId, "keyId");
    StoreChecks.limit(limit);
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
    StoreChecks.accountId(accountId);
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(replacement, "replacement");
    return update(
        accountId,
        e -> {
          ActiveCredential a = e.active;
          if (a == null || !a.secret().equals(expected)) {
            return Change.none();
          }
          ActiveCredential updated =
              new ActiveCredential(replacement, a.parameters(), a.enabledSince());
          return Change.to(new Entry(e.state, updated, e.pending, e.codes));
        });
  }

  @Override
  public boolean replacePendingSecret(
      String accountId, EncryptedSecret expected, EncryptedSecret replacement) {
    StoreChecks.accountId(accountId);
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(replacement, "replacement");
    return update(
        accountId,
        e -> {
          PendingCredential p = e.pending;
          if (p == null || !p.secret().equals(expected)) {
            return Change.none();
          }
          PendingCredential updated =
              new PendingCredential(
                  p.enrollmentId(), replacement, p.parameters(), p.createdAt(), p.expiresAt());
          return Change.to(new Entry(e.state, e.active, updated, e.codes));
        });
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "InMemoryEnrollmentStore[%d of at most %d accounts]", size.get(), maxAccounts);
  }

  /**
   * Applies a change to one account's entry atomically.
   *
   * @param accountId the account
   * @param change computes the change from the current entry ({@link #EMPTY} if there is none)
   * @return whether the entry was changed
   */
  private boolean update(String accountId, Function<Entry, Change> change) {
    boolean[] changed = new boolean[1];
    entries.compute(
        accountId,
        (id, old) -> {
          Change c = change.apply(old == null ? EMPTY : old);
          Entry next = c.entry;
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

  /** One account's data; replaced as a whole. */
  private static final class Entry {
    final @Nullable AccountState state;
    final @Nullable ActiveCredential active;
    final @Nullable PendingCredential pending;
    final List<RecoveryCodeHash> codes;

    Entry(
        @Nullable AccountState state,
        @Nullable ActiveCredential active,
        @Nullable PendingCredential pending,
        List<RecoveryCodeHash> codes) {
      this.state = state;
      this.active = active;
      this.pending = pending;
      this.codes = codes;
    }

    boolean isEmpty() {
      return state == null && active == null && pending == null && codes.isEmpty();
    }

    Entry withState(@Nullable AccountState newState) {
      return new Entry(newState, active, pending, codes);
    }
  }

  /** The outcome of an update: a new entry, or no change. */
  private static final class Change {
    private static final Change NONE = new Change(null);
    final @Nullable Entry entry;

    private Change(@Nullable Entry entry) {
      this.entry = entry;
    }

    static Change none() {
      return NONE;
    }

    static Change to(Entry entry) {
      return new Change(entry);
    }
  }

  /** The verification state of the same entries. */
  private final class States implements AccountStateStore {
    @Override
    public AccountState load(String accountId) {
      StoreChecks.accountId(accountId);
      Entry e = entries.get(accountId);
      AccountState s = e == null ? null : e.state;
      return s == null ? AccountState.initial(accountId) : s;
    }

    @Override
    public boolean tryChargeAttempt(
        String accountId,
        int expectedFailures,
        @Nullable Instant expectedLastFailureAt,
        Instant at) {
      StoreChecks.accountId(accountId);
      StoreChecks.expectedFailures(expectedFailures);
      Objects.requireNonNull(at, "at");
      Instant when = at.truncatedTo(ChronoUnit.MICROS);
      return update(
          accountId,
          e -> {
            AccountState s = stateOf(accountId, e);
            if (s.failures() != expectedFailures
                || !Objects.equals(s.lastFailureAt(), expectedLastFailureAt)) {
              return Change.none();
            }
            return Change.to(
                e.withState(
                    new AccountState(
                        accountId, s.lastUsedStep(), expectedFailures + 1, when, s.driftSteps())));
          });
    }

    @Override
    public boolean tryMarkUsed(String accountId, long step, int driftSteps) {
      StoreChecks.accountId(accountId);
      StoreChecks.step("step", step);
      return update(
          accountId,
          e -> {
            AccountState s = stateOf(accountId, e);
            if (s.lastUsedStep() >= step) {
              return Change.none();
            }
            return Change.to(e.withState(new AccountState(accountId, step, 0, null, driftSteps)));
          });
    }

    @Override
    public void resetFailures(String accountId) {
      StoreChecks.accountId(accountId);
      update(
          accountId,
          e -> {
            AccountState s = e.state;
            if (s == null) {
              return Change.none();
            }
            return Change.to(
                e.withState(
                    new AccountState(accountId, s.lastUsedStep(), 0, null, s.driftSteps())));
          });
    }

    @Override
    public void reset(String accountId, long lastUsedStep) {
      StoreChecks.accountId(accountId);
      StoreChecks.lastUsedStep(lastUsedStep);
      update(
          accountId,
          e -> Change.to(e.withState(new AccountState(accountId, lastUsedStep, 0, null, 0))));
    }

    @Override
    public void delete(String accountId) {
      StoreChecks.accountId(accountId);
      update(accountId, e -> e.state == null ? Change.none() : Change.to(e.withState(null)));
    }

    private AccountState stateOf(String accountId, Entry e) {
      AccountState s = e.state;
      return s == null ? AccountState.initial(accountId) : s;
    }

    @Override
    public String toString() {
      return "InMemoryEnrollmentStore.accountStates()";
    }
  }
}

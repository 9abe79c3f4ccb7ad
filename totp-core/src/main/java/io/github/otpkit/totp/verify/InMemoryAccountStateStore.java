package io.github.otpkit.totp.verify;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AccountStateStore} in the heap of one JVM: for tests, demos and single-node portals.
 *
 * <p>Every operation is a lock-free compare-and-set on a {@link ConcurrentHashMap} entry, so it is
 * atomic and thread-safe. State is lost when the JVM stops, and it is not shared between nodes: a
 * portal with several nodes must use one shared database store instead, or replayed codes and
 * throttled guesses could move to another node.
 *
 * <h2>Bounded, and never evicting</h2>
 *
 * The store holds at most {@code maxAccounts} accounts ({@value #DEFAULT_MAX_ACCOUNTS} by
 * default). It never evicts: forgetting an account's last used step would make its recent codes
 * acceptable again (a replay), forgetting an HOTP counter would re-open every old code, and
 * forgetting failures would reset throttling, and which entries are safe to forget depends on
 * the time step or counter, which a store cannot know. So when the store is full, an operation
 * that would add an account throws {@link StateStoreException} and verification for that new
 * account fails closed; existing accounts keep working. Entries are added only when there is
 * something to remember (a charged attempt, a used step): {@link #load} of an unknown account adds
 * nothing, and an entry that returns to the initial state is removed. Size the store for the
 * accounts with two-factor authentication on, and call {@link #delete} when one turns it off.
 */
public final class InMemoryAccountStateStore implements AccountStateStore {
  /** The default capacity: 100,000 accounts (roughly 20 MB of heap at most). */
  public static final int DEFAULT_MAX_ACCOUNTS = 100_000;

  private final ConcurrentHashMap<String, AccountState> states = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final int maxAccounts;

  /** Creates a store for up to {@value #DEFAULT_MAX_ACCOUNTS} accounts. */
  public InMemoryAccountStateStore() {
    this(DEFAULT_MAX_ACCOUNTS);
  }

  /**
   * Creates a store for up to {@code maxAccounts} accounts.
   *
   * @param maxAccounts 1 or more
   * @throws IllegalArgumentException if {@code maxAccounts} is less than 1
   */
  public InMemoryAccountStateStore(int maxAccounts) {
    if (maxAccounts < 1) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "maxAccounts must be 1 or more but was %d", maxAccounts));
    }
    this.maxAccounts = maxAccounts;
  }

  /**
   * Returns the capacity.
   *
   * @return the largest number of accounts this store holds
   */
  public int maxAccounts() {
    return maxAccounts;
  }

  /**
   * Returns the number of accounts that have state.
   *
   * @return 0 to {@link #maxAccounts()}
   */
  public int size() {
    return size.get();
  }

  @Override
  public AccountState load(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    AccountState state = states.get(accountId);
    return state != null ? state : AccountState.initial(accountId);
  }

  /**
   * {@inheritDoc}
   *
   * @throws StateStoreException if the account has no state yet and the store is full
   */
  @Override
  public boolean tryChargeAttempt(
      String accountId, int expectedFailures, @Nullable Instant expectedLastFailureAt, Instant at) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(at, "at");
    while (true) {
      AccountState current = states.get(accountId);
      if (current == null) {
        if (expectedFailures != 0 || expectedLastFailureAt != null) {
          return false;
        }
        if (add(accountId, new AccountState(accountId, AccountState.NONE, 1, at, 0))) {
          return true;
        }
        continue;
      }
      if (current.failures() != expectedFailures
          || !Objects.equals(current.lastFailureAt(), expectedLastFailureAt)) {
        return false;
      }
      AccountState next =
          new AccountState(
              accountId, current.lastUsedStep(), expectedFailures + 1, at, current.driftSteps());
      if (states.replace(accountId, current, next)) {
        return true;
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code step} is negative
   * @throws StateStoreException if the account has no state yet and the store is full
   */
  @Override
  public boolean tryMarkUsed(String accountId, long step, int driftSteps) {
    Objects.requireNonNull(accountId, "accountId");
    if (step < 0) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "step must be 0 or more but was %d", step));
    }
    AccountState next = new AccountState(accountId, step, 0, null, driftSteps);
    while (true) {
      AccountState current = states.get(accountId);
      if (current == null) {
        if (add(accountId, next)) {
          return true;
        }
        continue;
      }
      if (current.lastUsedStep() >= step) {
        return false;
      }
      if (states.replace(accountId, current, next)) {
        return true;
      }
    }
  }

  @Override
  public void resetFailures(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    while (true) {
      AccountState current = states.get(accountId);
      if (current == null || (current.failures() == 0 && current.lastFailureAt() == null)) {
        return;
      }
      AccountState next =
          new AccountState(accountId, current.lastUsedStep(), 0, null, current.driftSteps());
      if (next.equals(AccountState.initial(accountId))) {
        if (states.remove(accountId, current)) {
          size.decrementAndGet();
          return;
        }
      } else if (states.replace(accountId, current, next)) {
        return;
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code lastUsedStep} is below {@link AccountState#NONE}
   * @throws StateStoreException if the account has no state yet and the store is full
   */
  @Override
  public void reset(String accountId, long lastUsedStep) {
    Objects.requireNonNull(accountId, "accountId");
    AccountState next = new AccountState(accountId, lastUsedStep, 0, null, 0);
    if (next.equals(AccountState.initial(accountId))) {
      delete(accountId);
      return;
    }
    while (true) {
      AccountState current = states.get(accountId);
      if (current == null) {
        if (add(accountId, next)) {
          return;
        }
      } else if (states.replace(accountId, current, next)) {
        return;
      }
    }
  }

  @Override
  public void delete(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    if (states.remove(accountId) != null) {
      size.decrementAndGet();
    }
  }

  /**
   * Adds the first entry of an account, reserving capacity first so that the bound holds under
   * concurrency.
   *
   * @return {@code false} if another thread added an entry meanwhile
   */
  private boolean add(String accountId, AccountState first) {
    if (size.incrementAndGet() > maxAccounts) {
      size.decrementAndGet();
      if (states.containsKey(accountId)) {
        return false; // another thread added this account meanwhile: retry on its entry
      }
      throw new StateStoreException(
          String.format(
              Locale.ROOT,
              "in-memory account state store is full (%d accounts); delete the state of accounts"
                  + " that turned two-factor authentication off, or configure a larger store",
              maxAccounts));
    }
    if (states.putIfAbsent(accountId, first) == null) {
      return true;
    }
    size.decrementAndGet();
    return false;
  }

  /**
   * Returns a description with the size and capacity only.
   *
   * @return e.g. {@code InMemoryAccountStateStore[12 of 100000 accounts]}
   */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "InMemoryAccountStateStore[%d of %d accounts]", size.get(), maxAccounts);
  }
}

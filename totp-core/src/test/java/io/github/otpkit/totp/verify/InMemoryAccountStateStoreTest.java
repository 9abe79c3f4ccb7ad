package io.github.otpkit.totp.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryAccountStateStoreTest {
  private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");
  private final InMemoryAccountStateStore store = new InMemoryAccountStateStore(3);

  @Test
  void load_unknownAccount_initialStateAndNothingStored() {
    assertThat(store.load("alice")).isEqualTo(AccountState.initial("alice"));
    assertThat(store.size()).isZero();
  }

  @Test
  void tryChargeAttempt_expectedCount_incrementsAndRecordsTime() {
    assertThat(store.tryChargeAttempt("alice", 0, null, T)).isTrue();
    assertThat(store.tryChargeAttempt("alice", 1, T, T.plusSeconds(5))).isTrue();

    assertThat(store.load("alice"))
        .isEqualTo(new AccountState("alice", AccountState.NONE, 2, T.plusSeconds(5), 0));
  }

  @Test
  void tryChargeAttempt_staleCount_refusedAndUnchanged() {
    store.tryChargeAttempt("alice", 0, null, T);

    assertThat(store.tryChargeAttempt("alice", 0, null, T.plusSeconds(5))).isFalse();
    assertThat(store.tryChargeAttempt("alice", 1, T.minusSeconds(1), T.plusSeconds(5))).isFalse();
    assertThat(store.tryChargeAttempt("bob", 3, null, T)).isFalse();
    assertThat(store.tryChargeAttempt("bob", 0, T, T)).isFalse();
    assertThat(store.load("alice").failures()).isEqualTo(1);
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void tryMarkUsed_onlyLaterStep_andResetsFailuresKeepsDrift() {
    store.tryChargeAttempt("alice", 0, null, T);

    assertThat(store.tryMarkUsed("alice", 10, -1)).isTrue();
    assertThat(store.tryMarkUsed("alice", 10, 0)).isFalse();
    assertThat(store.tryMarkUsed("alice", 9, 0)).isFalse();
    assertThat(store.load("alice")).isEqualTo(new AccountState("alice", 10, 0, null, -1));
    assertThat(store.tryMarkUsed("alice", 0, 0)).isFalse();
    assertThat(store.tryMarkUsed("alice", 11, 2)).isTrue();
    assertThat(store.load("alice").driftSteps()).isEqualTo(2);
  }

  @Test
  void tryMarkUsed_stepZeroOnNewAccount_accepted() {
    assertThat(store.tryMarkUsed("alice", 0, 0)).isTrue();
    assertThat(store.tryMarkUsed("alice", 0, 0)).isFalse();
  }

  @Test
  void tryMarkUsed_negativeStep_rejected() {
    assertThatThrownBy(() -> store.tryMarkUsed("alice", -1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step must be 0 or more but was -1");
  }

  @Test
  void resetFailures_keepsLastUsedStep_andRemovesEntryThatBecameInitial() {
    store.tryMarkUsed("alice", 10, 1);
    store.tryChargeAttempt("alice", 0, null, T);
    store.tryChargeAttempt("bob", 0, null, T);

    store.resetFailures("alice");
    store.resetFailures("bob");
    store.resetFailures("carol");

    assertThat(store.load("alice")).isEqualTo(new AccountState("alice", 10, 0, null, 1));
    assertThat(store.load("bob")).isEqualTo(AccountState.initial("bob"));
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void reset_replacesStateWithCounter_andNoneRemovesEntry() {
    store.tryChargeAttempt("alice", 0, null, T);

    store.reset("alice", 41);
    assertThat(store.load("alice")).isEqualTo(new AccountState("alice", 41, 0, null, 0));
    store.reset("alice", AccountState.NONE);

    assertThat(store.load("alice")).isEqualTo(AccountState.initial("alice"));
    assertThat(store.size()).isZero();
  }

  @Test
  void full_newAccountRefusedExistingAccountsKeepWorking() {
    store.tryMarkUsed("a", 1, 0);
    store.tryMarkUsed("b", 1, 0);
    store.tryChargeAttempt("c", 0, null, T);

    assertThatThrownBy(() -> store.tryChargeAttempt("d", 0, null, T))
        .isInstanceOf(StateStoreException.class)
        .hasMessage(
            "in-memory account state store is full (3 accounts); delete the state of accounts"
                + " that turned two-factor authentication off, or configure a larger store");
    assertThatThrownBy(() -> store.tryMarkUsed("d", 5, 0)).isInstanceOf(StateStoreException.class);
    assertThatThrownBy(() -> store.reset("d", 5)).isInstanceOf(StateStoreException.class);
    assertThat(store.tryMarkUsed("a", 2, 0)).isTrue();
    assertThat(store.tryChargeAttempt("c", 1, T, T)).isTrue();
    assertThat(store.load("a").lastUsedStep()).isEqualTo(2);
    assertThat(store.size()).isEqualTo(3);

    store.delete("b");

    assertThat(store.tryChargeAttempt("d", 0, null, T)).isTrue();
    assertThat(store.load("a").lastUsedStep()).as("nothing was evicted").isEqualTo(2);
  }

  @Test
  void full_verifierFailsClosedForNewAccount() {
    InMemoryAccountStateStore tiny = new InMemoryAccountStateStore(1);
    tiny.tryMarkUsed("a", 1, 0);
    TotpVerifier verifier = TotpVerifier.builder(tiny).build();

    assertThatThrownBy(
            () ->
                verifier.verify(
                    "newcomer", io.github.otpkit.totp.OtpSecret.generate(), "123456", T))
        .isInstanceOf(StateStoreException.class);
  }

  @Test
  void constructor_capacityBelowOne_rejected() {
    assertThatThrownBy(() -> new InMemoryAccountStateStore(0))
        .hasMessage("maxAccounts must be 1 or more but was 0");
    assertThat(new InMemoryAccountStateStore().maxAccounts()).isEqualTo(100_000);
  }

  @Test
  void toString_sizeAndCapacityOnly() {
    store.tryMarkUsed("alice", 1, 0);

    assertThat(store).hasToString("InMemoryAccountStateStore[1 of 3 accounts]");
  }

  @Test
  void tryChargeAttempt_sixteenThreadsRetryingLikeTheVerifier_noChargeLost() throws Exception {
    InMemoryAccountStateStore big = new InMemoryAccountStateStore();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      for (int round = 0; round < 200; round++) {
        String id = "acct" + round;
        CyclicBarrier barrier = new CyclicBarrier(16);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
          futures.add(
              pool.submit(
                  () -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    for (int i = 0; i < 100; i++) {
                      AccountState seen = big.load(id);
                      while (!big.tryChargeAttempt(
                          id, seen.failures(), seen.lastFailureAt(), T)) {
                        seen = big.load(id);
                        Thread.onSpinWait();
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> f : futures) {
          f.get(30, TimeUnit.SECONDS);
        }

        assertThat(big.load(id).failures()).as("round %d", round).isEqualTo(1600);
      }
      assertThat(big.size()).isEqualTo(200);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void add_capacityBoundHoldsUnderConcurrency() throws Exception {
    InMemoryAccountStateStore bounded = new InMemoryAccountStateStore(50);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CyclicBarrier barrier = new CyclicBarrier(8);
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  barrier.await(10, TimeUnit.SECONDS);
                  int added = 0;
                  for (int i = 0; i < 20; i++) {
                    try {
                      if (bounded.tryMarkUsed("t" + thread + "-" + i, 1, 0)) {
                        added++;
                      }
                    } catch (StateStoreException full) {
                      // expected once the store is full
                    }
                  }
                  return added;
                }));
      }
      int total = 0;
      for (Future<Integer> f : futures) {
        total += f.get(30, TimeUnit.SECONDS);
      }

      assertThat(total).isEqualTo(50);
      assertThat(bounded.size()).isEqualTo(50);
    } finally {
      pool.shutdownNow();
    }
  }
}

package io.github.otpkit.totp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.auth.TotpVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryStoreTest extends StoreContract {
  private final InMemoryStore store = InMemoryStore.create();

  @Override
  protected EnrollmentStore store() {
    return store;
  }

  @Override
  protected EnrollmentStore secondNode() {
    return store;
  }

  @Test
  void create_maxAccountsBelowOne_rejected() {
    assertThatThrownBy(() -> InMemoryStore.create(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAccounts must be 1 or more but was 0");
    assertThat(InMemoryStore.create().maxAccounts()).isEqualTo(100_000);
  }

  @Test
  void full_refusesNewAccountsFailClosed_keepsExisting() {
    InMemoryStore small = InMemoryStore.create(2);
    AccountState a = AccountState.initial("a");
    assertThat(small.updateState(a, a.accepted(1, 0))).isTrue();
    small.savePending("b", pendingFor("b", OtpSecret.generate(), NOW, false));

    AccountState c = AccountState.initial("c");
    assertThatThrownBy(() -> small.updateState(c, c.charged(NOW)))
        .isInstanceOf(StateStoreException.class)
        .hasMessage("in-memory store is full (2 accounts); no account was added");
    assertThatThrownBy(() -> small.resetState("c", 5)).isInstanceOf(StateStoreException.class);
    assertThat(small.loadState("c").failures()).isZero();
    assertThat(small.size()).isEqualTo(2);
    AccountState stored = small.loadState("a");
    assertThat(small.updateState(stored, stored.accepted(2, 0))).isTrue();

    small.deleteState("a");
    assertThat(small.size()).isEqualTo(1);
    assertThat(small.updateState(c, c.charged(NOW))).isTrue();
    assertThat(small.loadState("b")).as("nothing was evicted").isEqualTo(AccountState.initial("b"));
    assertThat(small.load("b").pending()).isNotNull();
  }

  @Test
  void full_verifierFailsClosedForNewAccount() {
    InMemoryStore tiny = InMemoryStore.create(1);
    AccountState a = AccountState.initial("a");
    assertThat(tiny.updateState(a, a.accepted(1, 0))).isTrue();
    TotpVerifier verifier = TotpVerifier.builder(tiny).build();

    assertThatThrownBy(() -> verifier.verify("newcomer", OtpSecret.generate(), "123456", NOW))
        .isInstanceOf(StateStoreException.class);
  }

  @Test
  void readsAndRefusedChanges_doNotAddAccounts() {
    InMemoryStore small = InMemoryStore.create(1);
    AccountState x = AccountState.initial("x");
    assertThat(small.load("x")).isEqualTo(EnrollmentSnapshot.empty("x"));
    assertThat(small.loadState("x")).isEqualTo(x);
    assertThat(small.updateState(x.charged(NOW), x)).isFalse();
    assertThat(small.confirmPending("e", NOW, proof(x, x.accepted(1, 0)), null)).isFalse();
    assertThat(small.spendRecoveryCode(new StateUpdate(x, x, "c", NOW))).isFalse();
    assertThat(small.disable(proof(x, x))).isFalse();
    assertThat(small.updateState(x, x)).as("an initial state is not kept").isTrue();
    small.resetFailures("x");
    assertThat(small.size()).isZero();
  }

  @Test
  void resetState_noneRemovesTheEntry() {
    InMemoryStore small = InMemoryStore.create(3);
    small.resetState("alice", 41);
    assertThat(small.size()).isEqualTo(1);
    small.resetState("alice", AccountState.NONE);
    assertThat(small.size()).isZero();
  }

  @Test
  void toString_showsSizeOnly() {
    InMemoryStore small = InMemoryStore.create(5);
    AccountState a = AccountState.initial("alice");
    assertThat(small.updateState(a, a.accepted(1, 0))).isTrue();
    assertThat(small.toString()).isEqualTo("InMemoryStore[1 of at most 5 accounts]");
  }

  @Test
  void add_capacityBoundHoldsUnderConcurrency() throws Exception {
    InMemoryStore bounded = InMemoryStore.create(50);
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
                    AccountState s = AccountState.initial("t" + thread + "-" + i);
                    try {
                      if (bounded.updateState(s, s.accepted(1, 0))) {
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

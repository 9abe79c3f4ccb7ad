package io.github.otpkit.totp.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.verify.StateStoreException;
import org.junit.jupiter.api.Test;

class InMemoryEnrollmentStoreTest extends EnrollmentStoreContract {
  private final InMemoryEnrollmentStore store = InMemoryEnrollmentStore.create();

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
    assertThatThrownBy(() -> InMemoryEnrollmentStore.create(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAccounts must be 1 or more but was 0");
  }

  @Test
  void full_refusesNewAccountsFailClosed_keepsExisting() {
    InMemoryEnrollmentStore small = InMemoryEnrollmentStore.create(2);
    small.accountStates().tryMarkUsed("a", 1, 0);
    small.savePending("b", pendingFor("b", OtpSecret.generate(), NOW));

    assertThatThrownBy(() -> small.accountStates().tryChargeAttempt("c", 0, null, NOW))
        .isInstanceOf(StateStoreException.class)
        .hasMessage("in-memory store is full (2 accounts); no account was added");
    assertThat(small.accountStates().load("c").failures()).isZero();
    assertThat(small.size()).isEqualTo(2);
    assertThat(small.accountStates().tryMarkUsed("a", 2, 0)).isTrue();

    small.disable("a");
    assertThat(small.size()).isEqualTo(1);
    assertThat(small.accountStates().tryChargeAttempt("c", 0, null, NOW)).isTrue();
  }

  @Test
  void readsAndRefusedChanges_doNotAddAccounts() {
    InMemoryEnrollmentStore small = InMemoryEnrollmentStore.create(1);
    small.load("x");
    small.accountStates().load("x");
    small.accountStates().tryChargeAttempt("x", 5, null, NOW);
    small.confirmPending("x", "e", NOW, 1, 0, null);
    small.consumeRecoveryCode("x", "c", NOW);
    small.disable("x");
    assertThat(small.size()).isZero();
  }

  @Test
  void toString_showsSizeOnly() {
    InMemoryEnrollmentStore small = InMemoryEnrollmentStore.create(5);
    small.accountStates().tryMarkUsed("alice", 1, 0);
    assertThat(small.toString()).isEqualTo("InMemoryEnrollmentStore[1 of at most 5 accounts]");
  }
}

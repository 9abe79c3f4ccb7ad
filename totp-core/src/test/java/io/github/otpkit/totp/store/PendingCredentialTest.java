package io.github.otpkit.totp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.crypto.EncryptedSecret;
import io.github.otpkit.totp.crypto.EncryptionKey;
import io.github.otpkit.totp.crypto.SecretCipher;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingCredentialTest {
  private static final Instant T = Instant.parse("2026-11-28T10:00:00.987654321Z");
  private final EncryptedSecret secret =
      SecretCipher.create(EncryptionKey.generate("k")).encrypt("a", OtpSecret.generate());

  @Test
  void create_randomIdAndMicrosecondInstants() {
    PendingCredential p =
        PendingCredential.create(secret, TotpParameters.DEFAULT, T, T.plusSeconds(600), false);
    assertThat(p.enrollmentId()).matches("[0-9a-f]{30}");
    assertThat(
            PendingCredential.create(secret, TotpParameters.DEFAULT, T, T.plusSeconds(1), true)
                .enrollmentId())
        .isNotEqualTo(p.enrollmentId());
    assertThat(p.createdAt()).isEqualTo(Instant.parse("2026-11-28T10:00:00.987654Z"));
    assertThat(p.isConfirmableAt(p.expiresAt().minusNanos(1_000))).isTrue();
    assertThat(p.isConfirmableAt(p.expiresAt())).isFalse();
  }

  @Test
  void expiryNotAfterCreation_rejected() {
    assertThatThrownBy(() -> PendingCredential.create(secret, TotpParameters.DEFAULT, T, T, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "expiresAt must be after createdAt but was 2026-11-28T10:00:00.987654Z"
                + " (created at 2026-11-28T10:00:00.987654Z)");
    assertThatThrownBy(
            () ->
                new PendingCredential(
                    "a/b", secret, TotpParameters.DEFAULT, T, T.plusSeconds(1), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("enrollmentId must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'");
  }

  @Test
  void snapshot_countsUnusedCodesAndCopiesList() {
    List<RecoveryCodeHash> codes = StoreContract.codes(3);
    List<RecoveryCodeHash> list = List.of(codes.get(0).markedUsed(T), codes.get(1), codes.get(2));
    ActiveCredential active = new ActiveCredential(secret, TotpParameters.DEFAULT, T);
    EnrollmentSnapshot s =
        EnrollmentSnapshot.withRecoveryCodes("a", active, null, AccountState.initial("a"), list);
    assertThat(s.isEnabled()).isTrue();
    assertThat(s.unusedRecoveryCodes()).isEqualTo(2);
    assertThat(s.activeCredential()).contains(active);
    assertThatThrownBy(
            () -> new EnrollmentSnapshot("a", active, null, AccountState.initial("a"), 3, list))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unusedRecoveryCodes must equal the number of unused codes in recoveryCodes");
    assertThatThrownBy(
            () ->
                new EnrollmentSnapshot("a", active, null, AccountState.initial("b"), 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("state must belong to the snapshot's account");
  }

  @Test
  void withSecret_keepsEverythingElse() {
    PendingCredential p =
        PendingCredential.create(secret, TotpParameters.DEFAULT, T, T.plusSeconds(600), true);
    EncryptedSecret other =
        SecretCipher.create(EncryptionKey.generate("k2")).encrypt("a", OtpSecret.generate());
    PendingCredential moved = p.withSecret(other);
    assertThat(moved.secret()).isEqualTo(other);
    assertThat(moved)
        .isEqualTo(
            new PendingCredential(
                p.enrollmentId(), other, p.parameters(), p.createdAt(), p.expiresAt(), true));
  }
}

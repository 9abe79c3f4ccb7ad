package io.github.otpkit.totp.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpParameters;
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
        PendingCredential.create(secret, TotpParameters.DEFAULT, T, T.plusSeconds(600));
    assertThat(p.enrollmentId()).matches("[0-9a-f]{30}");
    assertThat(PendingCredential.create(secret, TotpParameters.DEFAULT, T, T.plusSeconds(1)).enrollmentId())
        .isNotEqualTo(p.enrollmentId());
    assertThat(p.createdAt()).isEqualTo(Instant.parse("2026-11-28T10:00:00.987654Z"));
    assertThat(p.isConfirmableAt(p.expiresAt().minusNanos(1_000))).isTrue();
    assertThat(p.isConfirmableAt(p.expiresAt())).isFalse();
  }

  @Test
  void expiryNotAfterCreation_rejected() {
    assertThatThrownBy(() -> PendingCredential.create(secret, TotpParameters.DEFAULT, T, T))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "expiresAt must be after createdAt but was 2026-11-28T10:00:00.987654Z"
                + " (created at 2026-11-28T10:00:00.987654Z)");
    assertThatThrownBy(
            () -> new PendingCredential("a/b", secret, TotpParameters.DEFAULT, T, T.plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("enrollmentId must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'");
  }

  @Test
  void snapshot_countsUnusedCodesAndCopiesList() {
    RecoveryCodes codes = RecoveryCodeHasher.create().generate(3);
    List<RecoveryCodeHash> list =
        List.of(codes.hashes().get(0).markedUsed(T), codes.hashes().get(1), codes.hashes().get(2));
    ActiveCredential active = new ActiveCredential(secret, TotpParameters.DEFAULT, T);
    EnrollmentSnapshot s = new EnrollmentSnapshot("a", active, null, list);
    assertThat(s.isEnabled()).isTrue();
    assertThat(s.unusedRecoveryCodes()).isEqualTo(2);
    assertThat(s.activeCredential()).contains(active);
    assertThat(s.pendingCredential()).isEmpty();
    assertThat(EnrollmentSnapshot.empty("a").isEnabled()).isFalse();
    assertThat(active.enabledSince()).isEqualTo(Instant.parse("2026-11-28T10:00:00.987654Z"));
  }
}

package io.github.otpkit.totp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.HmacAlgorithm;
import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.crypto.EncryptionKey;
import io.github.otpkit.totp.crypto.SecretCipher;
import io.github.otpkit.totp.store.InMemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The limits of {@link TwoFactorService.Builder}, its accessors and its housekeeping. */
class TwoFactorServiceBuilderTest {
  private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
  private final InMemoryStore store = InMemoryStore.create();
  private final SecretCipher cipher = SecretCipher.create(EncryptionKey.generate("k1"));

  private TwoFactorService.Builder builder() {
    return TwoFactorService.builder(store, cipher).issuer("Photo Portal");
  }

  @Test
  void enrollmentTtl_acceptsOneMinuteToOneDay() {
    assertThat(builder().enrollmentTtl(Duration.ofMinutes(1)).build()).isNotNull();
    assertThat(builder().enrollmentTtl(Duration.ofDays(1)).build()).isNotNull();
    assertThatThrownBy(() -> builder().enrollmentTtl(Duration.ofSeconds(59)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("enrollmentTtl must be 1 minute to 1 day but was PT59S");
    assertThatThrownBy(() -> builder().enrollmentTtl(Duration.ofDays(1).plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("enrollmentTtl must be 1 minute to 1 day but was PT24H1S");
  }

  @Test
  void recoveryCodeCount_acceptsOneToMax() {
    assertThat(builder().recoveryCodeCount(1).build()).isNotNull();
    assertThat(builder().recoveryCodeCount(RecoveryCodeHasher.MAX_COUNT).build()).isNotNull();
    assertThatThrownBy(() -> builder().recoveryCodeCount(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recoveryCodeCount must be 1 to 100 but was 0");
    assertThatThrownBy(() -> builder().recoveryCodeCount(RecoveryCodeHasher.MAX_COUNT + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recoveryCodeCount must be 1 to 100 but was 101");
  }

  @Test
  void accessorsAndToString_describeTheServiceWithoutSecrets() {
    TotpParameters parameters = TotpParameters.DEFAULT.withAlgorithm(HmacAlgorithm.SHA256);
    TwoFactorService service = builder().parameters(parameters).build();

    assertThat(service.issuer()).isEqualTo("Photo Portal");
    assertThat(service.parameters()).isEqualTo(parameters);
    assertThat(service)
        .hasToString("TwoFactorService[issuer=Photo Portal, SHA256, 6 digits, 30 s]");
  }

  @Test
  void deleteExpiredEnrollments_removesOnlySetupsPastTheirTtl() {
    TwoFactorService atStart = builder().clock(Clock.fixed(START, ZoneOffset.UTC)).build();
    ignore(atStart.startEnrollment("alice", "alice@example.com"));
    TwoFactorService later =
        builder().clock(Clock.fixed(START.plus(Duration.ofMinutes(10)), ZoneOffset.UTC)).build();
    ignore(later.startEnrollment("bob", "bob@example.com"));
    TwoFactorService afterTtl =
        builder()
            .clock(
                Clock.fixed(
                    START.plus(TwoFactorService.DEFAULT_ENROLLMENT_TTL).plusSeconds(1),
                    ZoneOffset.UTC))
            .build();

    Enrollment enrollment = afterTtl.startEnrollment("carol", "carol@example.com").orElseThrow();
    assertThat(enrollment.accountId()).isEqualTo("carol");
    assertThat(enrollment.toString())
        .startsWith("Enrollment[account=carol, replacement=false")
        .doesNotContain(enrollment.uri().secret().revealBase32());

    assertThat(afterTtl.deleteExpiredEnrollments()).isEqualTo(1);
    assertThat(afterTtl.deleteExpiredEnrollments()).isZero();
    assertThat(afterTtl.currentEnrollment("bob", "bob@example.com")).isPresent();
  }

  /** Makes an attempt whose result the test checks otherwise (state, events, logs). */
  private static void ignore(Object result) {
    assertThat(result).isNotNull();
  }
}

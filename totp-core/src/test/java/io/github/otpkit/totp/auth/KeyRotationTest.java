package io.github.otpkit.totp.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.crypto.EncryptedSecret;
import io.github.otpkit.totp.crypto.EncryptionKey;
import io.github.otpkit.totp.crypto.SecretCipher;
import io.github.otpkit.totp.store.EnrollmentStore;
import io.github.otpkit.totp.store.InMemoryStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link TwoFactorService#reencryptSecrets()} on a store of its own, so that counts are exact. */
class KeyRotationTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:05Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final InMemoryStore store = InMemoryStore.create();
  private final EncryptionKey oldKey = EncryptionKey.generate("2025-01");
  private final EncryptionKey newKey = EncryptionKey.generate("2026-11");
  private final SecretCipher oldCipher = SecretCipher.create(oldKey);
  private final SecretCipher rotating =
      SecretCipher.builder().primaryKey(newKey).decryptionKey(oldKey).build();

  private TwoFactorService service(EnrollmentStore on, SecretCipher cipher) {
    return TwoFactorService.builder(on, cipher).issuer("Photo Portal").clock(CLOCK).build();
  }

  @CanIgnoreReturnValue
  private OtpSecret enable(TwoFactorService service, String id) {
    OtpAuthUri uri = service.startEnrollment(id, id).orElseThrow().uri();
    String code = TotpGenerator.create(uri.secret(), uri.totpParameters()).generate(NOW);
    assertThat(service.confirmEnrollment(id, code).isAccepted()).isTrue();
    return uri.secret();
  }

  @Test
  void reencryptSecrets_activeAndPending_completeAndOldKeyRemovable() {
    TwoFactorService old = service(store, oldCipher);
    OtpSecret alice = enable(old, "alice");
    OtpSecret bobPending = old.startEnrollment("bob", "bob").orElseThrow().uri().secret();

    TwoFactorService.KeyRotationResult result = service(store, rotating).reencryptSecrets(1);

    assertThat(result)
        .isEqualTo(new TwoFactorService.KeyRotationResult(2, 0, java.util.List.of(), true));
    SecretCipher onlyNew = SecretCipher.create(newKey);
    assertThat(
            onlyNew
                .decrypt("alice", store.load("alice").activeCredential().orElseThrow().secret())
                .sameKeyAs(alice))
        .isTrue();
    assertThat(
            onlyNew
                .decrypt("bob", store.load("bob").pendingCredential().orElseThrow().secret())
                .sameKeyAs(bobPending))
        .isTrue();
    assertThat(store.accountsWithSecretsNotUnder(newKey.id(), null, 10)).isEmpty();
  }

  @Test
  void reencryptSecrets_undecryptableSecret_reportedLeftAloneAndNotComplete() {
    SecretCipher lost = SecretCipher.create(EncryptionKey.generate("lost"));
    enable(service(store, lost), "carol");
    enable(service(store, oldCipher), "dave");

    TwoFactorService.KeyRotationResult result = service(store, rotating).reencryptSecrets();

    assertThat(result.failedAccountIds()).containsExactly("carol");
    assertThat(result.reencrypted()).isEqualTo(1);
    assertThat(result.isComplete()).isFalse();
    assertThat(store.accountsWithSecretsNotUnder(newKey.id(), null, 10)).containsExactly("carol");
  }

  /**
   * Regression (security review item 3): a secret written under the old key while the run was going
   * on (by a node still on the old configuration) was counted as skipped, and the run reported
   * complete with it left behind.
   */
  @Test
  void reencryptSecrets_secretRewrittenUnderOldKeyDuringTheRun_completeOnlyWhenNoneIsLeft() {
    enable(service(store, oldCipher), "erin");
    AtomicInteger interference = new AtomicInteger(100);
    TwoFactorService rotator =
        service(interfering(store, "erin", oldCipher, interference), rotating);

    TwoFactorService.KeyRotationResult blocked = rotator.reencryptSecrets();
    assertThat(blocked.isComplete()).isFalse();
    assertThat(blocked.failedAccountIds()).isEmpty();
    assertThat(blocked.skipped()).isEqualTo(KeyRotation.MAX_PASSES);
    assertThat(store.accountsWithSecretsNotUnder(newKey.id(), null, 10)).containsExactly("erin");

    interference.set(1);
    TwoFactorService.KeyRotationResult done = rotator.reencryptSecrets();
    assertThat(done)
        .as("the second pass picks up what changed during the first")
        .isEqualTo(new TwoFactorService.KeyRotationResult(1, 1, java.util.List.of(), true));
    assertThat(store.accountsWithSecretsNotUnder(newKey.id(), null, 10)).isEmpty();
  }

  /**
   * A store whose {@code replaceActiveSecret} for one account first writes that account's secret
   * anew under another cipher (as a node on the old configuration would), {@code times} times.
   */
  private static EnrollmentStore interfering(
      EnrollmentStore target, String id, SecretCipher other, AtomicInteger times) {
    return (EnrollmentStore)
        Proxy.newProxyInstance(
            EnrollmentStore.class.getClassLoader(),
            new Class<?>[] {EnrollmentStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("replaceActiveSecret")
                  && args[0].equals(id)
                  && times.getAndDecrement() > 0) {
                EncryptedSecret current = target.load(id).activeCredential().orElseThrow().secret();
                EncryptedSecret again = other.encrypt(id, other.decrypt(id, current));
                assertThat(target.replaceActiveSecret(id, current, again)).isTrue();
              }
              try {
                return method.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}

package io.github.otpkit.totp.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.OtpSecret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
  private static final byte[] RAW_KEY = new byte[32];

  static {
    for (int i = 0; i < RAW_KEY.length; i++) {
      RAW_KEY[i] = (byte) (i * 7 + 3);
    }
  }

  private static final String AUTH_FAILURE =
      "encrypted secret failed authentication: it was modified, belongs to another account,"
          + " or was encrypted with another key under the same key id";

  private final EncryptionKey k1 = EncryptionKey.of("k1", RAW_KEY);
  private final SecretCipher cipher = SecretCipher.create(k1);
  private final OtpSecret secret = OtpSecret.generate();

  @Test
  void encryptThenDecrypt_roundTrip() {
    EncryptedSecret e = cipher.encrypt("alice", secret);
    assertThat(cipher.decrypt("alice", e).sameKeyAs(secret)).isTrue();
    assertThat(cipher.decrypt("alice", EncryptedSecret.fromBytes(e.toBytes())).sameKeyAs(secret))
        .isTrue();
  }

  @Test
  void encrypt_layoutIsVersionKeyIdNonceCiphertextTag() {
    EncryptedSecret e = cipher.encrypt("alice", secret);
    byte[] b = e.toBytes();
    assertThat(b[0]).isEqualTo((byte) 1);
    assertThat(b[1]).isEqualTo((byte) 2);
    assertThat(new String(b, 2, 2, StandardCharsets.US_ASCII)).isEqualTo("k1");
    assertThat(b).hasSize(2 + 2 + 12 + 20 + 16);
    assertThat(e.keyId()).isEqualTo("k1");
    assertThat(e.formatVersion()).isEqualTo(1);
    assertThat(e.length()).isEqualTo(b.length);
  }

  @Test
  void encrypt_sameSecretTwice_freshNonceEachTime() {
    Set<String> nonces = new HashSet<>();
    Set<String> ciphertexts = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      EncryptedSecret e = cipher.encrypt("alice", secret);
      nonces.add(Base64.getEncoder().encodeToString(e.nonce()));
      ciphertexts.add(Base64.getEncoder().encodeToString(e.ciphertext()));
    }
    assertThat(nonces).hasSize(200);
    assertThat(ciphertexts).hasSize(200);
  }

  @Test
  void decrypt_flippedBitInAnyByte_refused() {
    byte[] good = cipher.encrypt("alice", secret).toBytes();
    int refused = 0;
    for (int i = 0; i < good.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) (1 << bit);
        assertThatThrownBy(() -> cipher.decrypt("alice", EncryptedSecret.fromBytes(bad)))
            .as("byte %d bit %d", i, bit)
            .isInstanceOf(SecretDecryptionException.class);
        refused++;
      }
    }
    assertThat(refused).isEqualTo(good.length * 8);
  }

  @Test
  void decrypt_flippedBitInCiphertextOrTag_refusedWithAuthenticationMessage() {
    byte[] bad = cipher.encrypt("alice", secret).toBytes();
    bad[bad.length - 1] ^= 1;
    assertThatThrownBy(() -> cipher.decrypt("alice", EncryptedSecret.fromBytes(bad)))
        .isInstanceOf(SecretDecryptionException.class)
        .hasMessage(AUTH_FAILURE)
        .hasNoCause();
  }

  @Test
  void decrypt_forAnotherAccount_refused() {
    EncryptedSecret e = cipher.encrypt("alice", secret);
    assertThatThrownBy(() -> cipher.decrypt("mallory", e))
        .isInstanceOf(SecretDecryptionException.class)
        .hasMessage(AUTH_FAILURE);
    assertThatThrownBy(() -> cipher.decrypt("alice ", e))
        .isInstanceOf(SecretDecryptionException.class);
  }

  @Test
  void decrypt_unknownKeyId_refusedNamingTheKeyId() {
    EncryptedSecret e = SecretCipher.create(EncryptionKey.generate("k0")).encrypt("alice", secret);
    assertThatThrownBy(() -> cipher.decrypt("alice", e))
        .isInstanceOf(SecretDecryptionException.class)
        .hasMessage("encrypted secret uses key id k0, which is not in the key ring of this cipher");
  }

  @Test
  void decrypt_relabelledToAnotherKeyOfTheRing_refused() {
    EncryptionKey k2 = EncryptionKey.generate("k2");
    SecretCipher ring = SecretCipher.builder().primaryKey(k2).decryptionKey(k1).build();
    byte[] b = ring.encrypt("alice", secret).toBytes();
    b[3] = '1'; // key id "k2" -> "k1"
    assertThatThrownBy(() -> ring.decrypt("alice", EncryptedSecret.fromBytes(b)))
        .isInstanceOf(SecretDecryptionException.class)
        .hasMessage(AUTH_FAILURE);
  }

  @Test
  void decrypt_sameKeyIdButOtherKeyMaterial_refused() {
    EncryptedSecret e = SecretCipher.create(EncryptionKey.generate("k1")).encrypt("alice", secret);
    assertThatThrownBy(() -> cipher.decrypt("alice", e))
        .isInstanceOf(SecretDecryptionException.class)
        .hasMessage(AUTH_FAILURE);
  }

  @Test
  void rotation_oldKeyDecrypts_reencryptMovesToPrimary_oldKeyRemovableAfterwards() {
    EncryptedSecret underOld = cipher.encrypt("alice", secret);
    EncryptionKey k2 = EncryptionKey.generate("k2");
    SecretCipher during = SecretCipher.builder().primaryKey(k2).decryptionKey(k1).build();

    assertThat(during.isCurrent(underOld)).isFalse();
    assertThat(during.decrypt("alice", underOld).sameKeyAs(secret)).isTrue();
    assertThat(during.encrypt("bob", secret).keyId()).isEqualTo("k2");

    EncryptedSecret underNew = during.reencrypt("alice", underOld);
    assertThat(underNew.keyId()).isEqualTo("k2");
    assertThat(during.isCurrent(underNew)).isTrue();

    SecretCipher after = SecretCipher.create(k2);
    assertThat(after.decrypt("alice", underNew).sameKeyAs(secret)).isTrue();
    assertThatThrownBy(() -> after.decrypt("alice", underOld))
        .isInstanceOf(SecretDecryptionException.class)
        .hasMessage("encrypted secret uses key id k1, which is not in the key ring of this cipher");
    assertThatThrownBy(() -> after.reencrypt("bob", underNew))
        .isInstanceOf(SecretDecryptionException.class);
  }

  @Test
  void builder_withoutPrimary_orDuplicateIds_rejected() {
    assertThatThrownBy(() -> SecretCipher.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a primary key is required");
    assertThatThrownBy(() -> SecretCipher.builder().primaryKey(k1).decryptionKey(k1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key id k1 is given twice");
    EncryptionKey other = EncryptionKey.generate("k2");
    assertThatThrownBy(() -> SecretCipher.builder().decryptionKey(other).decryptionKey(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key id k2 is given twice");
  }

  @Test
  void keyIds_primaryFirst() {
    SecretCipher ring =
        SecretCipher.builder()
            .primaryKey(EncryptionKey.generate("new"))
            .decryptionKey(EncryptionKey.generate("old"))
            .decryptionKey(EncryptionKey.generate("older"))
            .build();
    assertThat(ring.keyIds()).containsExactly("new", "old", "older");
    assertThat(ring.primaryKeyId()).isEqualTo("new");
  }

  @Test
  void toString_showsKeyIdsOnly() {
    String base64 = Base64.getEncoder().encodeToString(RAW_KEY);
    assertThat(cipher.toString())
        .isEqualTo("SecretCipher[AES-256-GCM, primary key id k1, key ids [k1], redacted]")
        .doesNotContain(base64);
    EncryptedSecret e = cipher.encrypt("alice", secret);
    assertThat(e.toString())
        .isEqualTo("EncryptedSecret[version 1, key id k1, " + e.length() + " bytes]")
        .doesNotContain(secret.revealBase32());
  }

  @Test
  void concurrentUse_fromManyThreads_roundTrips() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        String account = "user" + t;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    OtpSecret s = OtpSecret.generate();
                    if (!cipher.decrypt(account, cipher.encrypt(account, s)).sameKeyAs(s)) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void encryptedSecret_malformedInput_refusedWithoutDetails() {
    assertThatThrownBy(() -> EncryptedSecret.fromBytes(new byte[0]))
        .isInstanceOf(SecretDecryptionException.class)
        .hasMessage("encrypted secret is malformed");
    assertThatThrownBy(() -> EncryptedSecret.fromBytes(new byte[] {2, 0, 0}))
        .isInstanceOf(SecretDecryptionException.class)
        .hasMessage("encrypted secret has unsupported format version 2");
    byte[] good = cipher.encrypt("alice", secret).toBytes();
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 17);
    assertThatThrownBy(() -> EncryptedSecret.fromBytes(truncated))
        .isInstanceOf(SecretDecryptionException.class)
        .hasMessage("encrypted secret is malformed");
    byte[] badId = good.clone();
    badId[2] = '/';
    assertThatThrownBy(() -> EncryptedSecret.fromBytes(badId))
        .isInstanceOf(SecretDecryptionException.class)
        .hasMessage("encrypted secret is malformed");
    byte[] zeroId = good.clone();
    zeroId[1] = 0;
    assertThatThrownBy(() -> EncryptedSecret.fromBytes(zeroId))
        .isInstanceOf(SecretDecryptionException.class)
        .hasMessage("encrypted secret is malformed");
  }

  @Test
  void encryptedSecret_copiesInAndOut_equalsByBytes() {
    byte[] b = cipher.encrypt("alice", secret).toBytes();
    EncryptedSecret e = EncryptedSecret.fromBytes(b);
    b[b.length - 1] ^= 1;
    assertThat(e.toBytes()).isNotEqualTo(b);
    e.toBytes()[0] = 9;
    assertThat(e.formatVersion()).isEqualTo(1);
    assertThat(e).isEqualTo(EncryptedSecret.fromBytes(e.toBytes())).isNotEqualTo(null);
    assertThat(e.hashCode()).isEqualTo(EncryptedSecret.fromBytes(e.toBytes()).hashCode());
  }

  @Test
  void legacyTenByteSecret_roundTrips() {
    OtpSecret legacy = OtpSecret.fromBase32("JBSWY3DPEHPK3PXP");
    assertThat(cipher.decrypt("a", cipher.encrypt("a", legacy)).sameKeyAs(legacy)).isTrue();
  }
}

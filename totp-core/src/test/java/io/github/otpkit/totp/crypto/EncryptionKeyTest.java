package io.github.otpkit.totp.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.OtpSecret;
import java.util.Base64;
import java.util.Map;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class EncryptionKeyTest {
  private static final byte[] RAW = new byte[32];

  static {
    for (int i = 0; i < RAW.length; i++) {
      RAW[i] = (byte) (255 - i);
    }
  }

  private static final String BASE64 = Base64.getEncoder().encodeToString(RAW);

  private static boolean sameKey(EncryptionKey a, EncryptionKey b) {
    OtpSecret s = OtpSecret.generate();
    try {
      return SecretCipher.create(b)
          .decrypt("x", SecretCipher.create(a).encrypt("x", s))
          .sameKeyAs(s);
    } catch (SecretDecryptionException e) {
      return false;
    }
  }

  @Test
  void of_rawBytes_copiedAndUsable() {
    byte[] raw = RAW.clone();
    EncryptionKey key = EncryptionKey.of("2026-11", raw);
    raw[0] ^= 1;
    assertThat(sameKey(key, EncryptionKey.of("2026-11", RAW))).isTrue();
    assertThat(key.id()).isEqualTo("2026-11");
  }

  @Test
  void of_wrongLength_rejected() {
    assertThatThrownBy(() -> EncryptionKey.of("k", new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("encryption key must be 32 bytes but was 16 bytes");
  }

  @Test
  void of_secretKey_aes256Accepted_otherAlgorithmsOrLengthsRejected() throws Exception {
    KeyGenerator generator = KeyGenerator.getInstance("AES");
    generator.init(256);
    SecretKey aes = generator.generateKey();
    EncryptionKey key = EncryptionKey.of("ks", aes);
    assertThat(sameKey(key, EncryptionKey.of("ks", aes.getEncoded()))).isTrue();

    assertThatThrownBy(() -> EncryptionKey.of("k", new SecretKeySpec(RAW, "HmacSHA256")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("encryption key algorithm must be AES but was HmacSHA256");
    assertThatThrownBy(() -> EncryptionKey.of("k", new SecretKeySpec(new byte[16], "AES")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("encryption key must be 32 bytes but was 16 bytes");
  }

  @Test
  void id_invalid_rejectedWithPosition() {
    assertThatThrownBy(() -> EncryptionKey.of("", RAW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key id must be 1 to 64 characters long but was 0");
    assertThatThrownBy(() -> EncryptionKey.of("k".repeat(65), RAW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key id must be 1 to 64 characters long but was 65");
    assertThatThrownBy(() -> EncryptionKey.of("ab c", RAW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "key id may contain only A-Z, a-z, 0-9, '.', '_' and '-' (invalid character at position 3)");
    assertThat(EncryptionKey.of("A-z_0.9", RAW).id()).isEqualTo("A-z_0.9");
  }

  @Test
  void fromBase64_standardUrlSafeUnpaddedAndWhitespace_accepted() {
    EncryptionKey reference = EncryptionKey.of("k", RAW);
    String urlSafe = Base64.getUrlEncoder().encodeToString(RAW);
    assertThat(BASE64).contains("/");
    assertThat(urlSafe).contains("_");
    for (String text :
        new String[] {
          BASE64, urlSafe, BASE64.replace("=", ""), "  " + BASE64 + "\n", urlSafe + "\r\n"
        }) {
      assertThat(sameKey(EncryptionKey.fromBase64("k", text), reference)).as(text).isTrue();
    }
  }

  @Test
  void fromBase64_invalidCharacter_namesPositionNotText() {
    String bad = BASE64.substring(0, 10) + "*" + BASE64.substring(11);
    assertThatThrownBy(() -> EncryptionKey.fromBase64("k", bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("encryption key is not valid Base64 (invalid character at position 11)")
        .hasNoCause();
    assertThatThrownBy(() -> EncryptionKey.fromBase64("k", "AAAA=AAA"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("encryption key is not valid Base64 (invalid character at position 5)");
    assertThatThrownBy(() -> EncryptionKey.fromBase64("k", "AAAAA"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("encryption key is not valid Base64 (impossible length)");
  }

  @Test
  void fromBase64_wrongLength_saysHowManyBytes() {
    String sixteen = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> EncryptionKey.fromBase64("k", sixteen))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "encryption key must hold a 32-byte AES key in Base64 but holds 16 bytes"
                + " (generate one with: openssl rand -base64 32)");
  }

  @Test
  void fromEnvironment_set_read() {
    EncryptionKey key =
        EncryptionKey.fromEnvironment(
            "k", "OTPKIT_SECRET_KEY", Map.of("OTPKIT_SECRET_KEY", BASE64)::get);
    assertThat(sameKey(key, EncryptionKey.of("k", RAW))).isTrue();
  }

  @Test
  void fromEnvironment_absentEmptyOrWrong_clearMessagesWithoutValue() {
    assertThatThrownBy(() -> EncryptionKey.fromEnvironment("k", "OTPKIT_SECRET_KEY", name -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "environment variable OTPKIT_SECRET_KEY is not set; it must hold a 32-byte AES key in"
                + " Base64 (generate one with: openssl rand -base64 32)");
    assertThatThrownBy(() -> EncryptionKey.fromEnvironment("k", "OTPKIT_SECRET_KEY", name -> " \n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "environment variable OTPKIT_SECRET_KEY is empty; it must hold a 32-byte AES key in"
                + " Base64 (generate one with: openssl rand -base64 32)");
    String half = BASE64.substring(0, 24);
    assertThatThrownBy(() -> EncryptionKey.fromEnvironment("k", "OTPKIT_SECRET_KEY", name -> half))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "environment variable OTPKIT_SECRET_KEY must hold a 32-byte AES key in Base64 but holds"
                + " 18 bytes (generate one with: openssl rand -base64 32)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(half));
    assertThatThrownBy(() -> EncryptionKey.fromEnvironment("k", "OTPKIT_SECRET_KEY", name -> "é"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "environment variable OTPKIT_SECRET_KEY is not valid Base64 (invalid character at"
                + " position 1)");
  }

  @Test
  void fromEnvironment_realEnvironment_unsetVariableReported() {
    String name = "OTPKIT_TEST_KEY_THAT_IS_NEVER_SET_4711";
    assertThat(System.getenv(name)).isNull();
    assertThatThrownBy(() -> EncryptionKey.fromEnvironment("k", name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("environment variable " + name + " is not set");
  }

  @Test
  void generate_distinctKeys() {
    assertThat(sameKey(EncryptionKey.generate("a"), EncryptionKey.generate("a"))).isFalse();
  }

  @Test
  void toString_redacted() {
    EncryptionKey key = EncryptionKey.of("2026-11", RAW);
    assertThat(key.toString())
        .isEqualTo("EncryptionKey[id 2026-11, AES-256, redacted]")
        .doesNotContain(BASE64.substring(0, 8));
  }
}

package io.github.otpkit.totp.examples.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher(new SecureRandom());

  @Test
  void hash_hasSchemeIterationsSaltAndHash() {
    String encoded = hasher.hash("pässword with ünicode");

    String[] parts = encoded.split("\\$");
    assertThat(parts).hasSize(4);
    assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
    assertThat(Integer.parseInt(parts[1])).isGreaterThanOrEqualTo(210_000);
    assertThat(Base64.getDecoder().decode(parts[2])).hasSize(16);
    assertThat(Base64.getDecoder().decode(parts[3])).hasSize(32);
  }

  @Test
  void hash_samePasswordTwice_differentSaltsAndHashes() {
    assertThat(hasher.hash("same password")).isNotEqualTo(hasher.hash("same password"));
  }

  @Test
  void matches_rightAndWrongPasswords() {
    String encoded = hasher.hash("pässword with ünicode");

    assertThat(hasher.matches("pässword with ünicode", encoded)).isTrue();
    assertThat(hasher.matches("password with unicode", encoded)).isFalse();
    assertThat(hasher.matches("pässword with ünicod", encoded)).isFalse();
  }

  @Test
  void matches_readsTheIterationCountFromTheHash() {
    // RFC 7914 section 11 test vector for PBKDF2-HMAC-SHA256: P="passwd", S="salt", c=1.
    String vector =
        "pbkdf2-sha256$1$"
            + Base64.getEncoder()
                .withoutPadding()
                .encodeToString("salt".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            + "$"
            + Base64.getEncoder()
                .withoutPadding()
                .encodeToString(
                    java.util.HexFormat.of()
                        .parseHex(
                            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"));

    assertThat(hasher.matches("passwd", vector)).isTrue();
    assertThat(hasher.matches("passwe", vector)).isFalse();
  }

  @Test
  void matches_malformedStoredHash_isRefused() {
    assertThatThrownBy(() -> hasher.matches("x", "garbage"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stored password hash has an unknown format");
    assertThatThrownBy(() -> hasher.matches("x", "pbkdf2-sha256$0$AAAA$AAAA"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stored password hash is malformed");
    assertThatThrownBy(() -> hasher.matches("x", "pbkdf2-sha256$x$AAAA$AAAA"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stored password hash is malformed");
  }
}

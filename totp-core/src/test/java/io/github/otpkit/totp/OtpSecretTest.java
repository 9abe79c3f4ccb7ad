package io.github.otpkit.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OtpSecretTest {
  private static final long SEED = 0x5EED_0002L;
  private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  private static final String RFC_SEED_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

  /** An independent RFC 4648 Base32 encoder (bit by bit, upper case, no padding). */
  static String referenceBase32(byte[] bytes) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder sb = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        sb.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(alphabet.charAt((buffer << (5 - bits)) & 31));
    }
    return sb.toString();
  }

  // ---- generation ------------------------------------------------------------------------------

  @Test
  void generate_default_is20BytesAnd32Base32CharactersWithoutPadding() {
    OtpSecret secret = OtpSecret.generate();
    assertThat(secret.length()).isEqualTo(20);
    assertThat(secret.isStrong()).isTrue();
    assertThat(secret.revealBase32()).hasSize(32).matches("[A-Z2-7]{32}");
  }

  @Test
  void generate_everyLengthFrom16To64_works() {
    for (int bytes = 16; bytes <= 64; bytes++) {
      OtpSecret secret = OtpSecret.generate(bytes);
      assertThat(secret.length()).isEqualTo(bytes);
      assertThat(secret.revealBytes()).hasSize(bytes);
      assertThat(secret.isStrong()).isTrue();
    }
  }

  @Test
  void generate_twice_givesDifferentKeys() {
    assertThat(OtpSecret.generate().sameKeyAs(OtpSecret.generate())).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {15, 65, 0, -1})
  void generate_lengthOutOfRange_rejectedWithExactMessage(int bytes) {
    assertThatThrownBy(() -> OtpSecret.generate(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret length must be 16 to 64 bytes but was " + bytes);
  }

  // ---- Base32 round trips ----------------------------------------------------------------------

  @Test
  void base32_everyKeyLengthFrom16To64_roundTripsAndMatchesReferenceEncoder() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int length = 16; length <= 64; length++) {
      byte[] key = new byte[length];
      random.nextBytes(key);
      OtpSecret secret = OtpSecret.fromBytes(key);
      String base32 = secret.revealBase32();
      String context = "seed=" + SEED + " length=" + length;
      assertThat(base32).as(context).isEqualTo(referenceBase32(key)).doesNotContain("=");
      OtpSecret back = OtpSecret.fromBase32(base32);
      assertThat(back.revealBytes()).as(context).isEqualTo(key);
      assertThat(back.sameKeyAs(secret)).as(context).isTrue();
      assertThat(OtpSecret.fromBase32(secret.revealBase32Grouped()).revealBytes())
          .as(context)
          .isEqualTo(key);
    }
  }

  @Test
  void fromBase32_legacyLengths10To15_decodeButAreNotStrong() {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    for (int length = 10; length <= 15; length++) {
      byte[] key = new byte[length];
      random.nextBytes(key);
      OtpSecret secret = OtpSecret.fromBase32(referenceBase32(key));
      assertThat(secret.revealBytes()).as("seed=%d length=%d", SEED + 1, length).isEqualTo(key);
      assertThat(secret.isStrong()).isFalse();
      assertThat(secret.revealBase32()).isEqualTo(referenceBase32(key));
    }
  }

  @Test
  void fromBase32_githubStyle16Characters_is10Bytes() {
    assertThat(OtpSecret.fromBase32("JBSWY3DPEHPK3PXP").revealBytes())
        .isEqualTo("Hello!\u00de\u00ad\u00be\u00ef".getBytes(StandardCharsets.ISO_8859_1));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        "gezdgnbvgy3tqojqgezdgnbvgy3tqojq",
        "GeZdGnBvGy3TqOjQgEzDgNbVgY3tQoJq",
        "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ",
        "  GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ  ",
        "GEZD-GNBV-GY3T-QOJQ-GEZD-GNBV-GY3T-QOJQ",
        "gezd-gnbv gy3t-qojq gezd-gnbv gy3t-qojq",
      })
  void fromBase32_lenientForms_decodeToTheSameKey(String text) {
    assertThat(OtpSecret.fromBase32(text).revealBytes()).isEqualTo(RFC_SEED);
  }

  @Test
  void fromBase32_withAndWithoutPadding_decodeToTheSameKey() {
    // 16 bytes: 26 characters, 6 padding characters in canonical form.
    byte[] key = new byte[16];
    new SplittableRandom(SEED + 2).nextBytes(key);
    String unpadded = referenceBase32(key);
    assertThat(unpadded).hasSize(26);
    for (String text :
        new String[] {
          unpadded,
          unpadded + "======",
          unpadded.toLowerCase(Locale.ROOT) + "======",
          unpadded + "=",
          unpadded.substring(0, 8) + " " + unpadded.substring(8) + "====== "
        }) {
      assertThat(OtpSecret.fromBase32(text).revealBytes())
          .as(text.length() + " chars")
          .isEqualTo(key);
    }
  }

  @Test
  void revealBase32Grouped_groupsOfFour() {
    OtpSecret secret = OtpSecret.fromBytes(RFC_SEED);
    assertThat(secret.revealBase32()).isEqualTo(RFC_SEED_BASE32);
    assertThat(secret.revealBase32Grouped()).isEqualTo("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
    // 16 bytes give 26 characters: the last group is short.
    OtpSecret sixteen = OtpSecret.fromBytes(new byte[16]);
    assertThat(sixteen.revealBase32Grouped()).isEqualTo("AAAA AAAA AAAA AAAA AAAA AAAA AA");
  }

  // ---- Base32 rejections -----------------------------------------------------------------------

  @Test
  void fromBase32_invalidCharacter_namesItsPosition() {
    assertThatThrownBy(() -> OtpSecret.fromBase32("GEZDGN1VGY3TQOJQGEZDGNBVGY3TQOJQ"))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessage("invalid Base32 character at position 7");
    // Positions count the text as given, spaces included.
    assertThatThrownBy(() -> OtpSecret.fromBase32("GEZD GNBV 0Y3T QOJQ GEZD GNBV GY3T QOJQ"))
        .hasMessage("invalid Base32 character at position 11");
    for (String bad : new String[] {"8", "\t", "_", ".", "\u00e9", "\uff21", "+", "/"}) {
      assertThatThrownBy(() -> OtpSecret.fromBase32("GEZDGNBV" + bad + "GY3TQOJQ"))
          .as(bad)
          .hasMessage("invalid Base32 character at position 9");
    }
  }

  @Test
  void fromBase32_paddingInTheMiddle_rejected() {
    assertThatThrownBy(() -> OtpSecret.fromBase32("GEZD=GNBVGY3TQOJQGEZDGNBVGY3TQOJQ"))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessage("Base32 padding '=' is only allowed at the end (position 5)");
  }

  @ParameterizedTest
  @ValueSource(ints = {17, 19, 22, 25, 27, 30})
  void fromBase32_impossibleLength_rejected(int characters) {
    String text = "A".repeat(characters);
    assertThatThrownBy(() -> OtpSecret.fromBase32(text))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessage(
            "Base32 length of "
                + characters
                + " characters cannot encode whole bytes"
                + " (a length that leaves 1, 3 or 6 characters in the last group is impossible)");
  }

  @Test
  void fromBase32_nonZeroTrailingBits_rejectedAtTheLastCharacter() {
    // 26 characters carry 130 bits for 128: the last character's 2 low bits must be zero.
    String valid = referenceBase32(new byte[16]);
    assertThat(valid).endsWith("A");
    assertThatThrownBy(() -> OtpSecret.fromBase32(valid.substring(0, 25) + "B"))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessage(
            "Base32 character at position 26 has non-zero trailing bits"
                + " (the text is mistyped or truncated)");
    // A truncated 20-byte secret (31 of 32 characters) is caught the same way, not decoded short.
    assertThatThrownBy(() -> OtpSecret.fromBase32(RFC_SEED_BASE32.substring(0, 31)))
        .hasMessage(
            "Base32 character at position 31 has non-zero trailing bits"
                + " (the text is mistyped or truncated)");
  }

  @Test
  void fromBase32_tooShort_rejected() {
    assertThatThrownBy(() -> OtpSecret.fromBase32(referenceBase32(new byte[9])))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessage("secret must be at least 10 bytes (16 Base32 characters) but was 9 bytes");
    assertThatThrownBy(() -> OtpSecret.fromBase32("JBSWY3DP"))
        .hasMessage("secret must be at least 10 bytes (16 Base32 characters) but was 5 bytes");
  }

  @Test
  void fromBase32_tooLong_rejected() {
    assertThatThrownBy(() -> OtpSecret.fromBase32(referenceBase32(new byte[65])))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessage("secret must be at most 64 bytes but was 65 bytes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "  -  ", "========"})
  void fromBase32_empty_rejected(String text) {
    assertThatThrownBy(() -> OtpSecret.fromBase32(text))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessage("secret must not be empty");
  }

  @Test
  void fromBytes_lengthOutOfRange_rejected() {
    assertThatThrownBy(() -> OtpSecret.fromBytes(new byte[9]))
        .isInstanceOf(InvalidSecretException.class)
        .hasMessage("secret must be at least 10 bytes (16 Base32 characters) but was 9 bytes");
    assertThatThrownBy(() -> OtpSecret.fromBytes(new byte[65]))
        .hasMessage("secret must be at most 64 bytes but was 65 bytes");
  }

  @Test
  void rejections_neverQuoteTheSecret() {
    String secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ";
    assertThatThrownBy(() -> OtpSecret.fromBase32(secret + "!"))
        .message()
        .doesNotContain(secret)
        .doesNotContain(secret.substring(0, 8));
    assertThatThrownBy(() -> OtpSecret.fromBase32(secret))
        .message()
        .doesNotContain(secret.substring(0, 8));
  }

  // ---- the secret type itself ------------------------------------------------------------------

  @Test
  void toString_isRedacted() {
    OtpSecret secret = OtpSecret.fromBytes(RFC_SEED);
    assertThat(secret.toString())
        .isEqualTo("OtpSecret[20 bytes, redacted]")
        .doesNotContain(RFC_SEED_BASE32.substring(0, 4))
        .doesNotContain("1234");
  }

  @Test
  void sameKeyAs_comparesKeyBytes() {
    OtpSecret a = OtpSecret.fromBytes(RFC_SEED);
    OtpSecret b = OtpSecret.fromBase32(RFC_SEED_BASE32.toLowerCase(Locale.ROOT));
    byte[] other = RFC_SEED.clone();
    other[19] ^= 1;
    assertThat(a.sameKeyAs(b)).isTrue();
    assertThat(b.sameKeyAs(a)).isTrue();
    assertThat(a.sameKeyAs(OtpSecret.fromBytes(other))).isFalse();
    assertThat(a.sameKeyAs(OtpSecret.fromBytes(java.util.Arrays.copyOf(RFC_SEED, 16)))).isFalse();
    // No equals over key bytes: identity only.
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void revealBytes_returnsACopy_andFromBytesCopiesIn() {
    byte[] input = RFC_SEED.clone();
    OtpSecret secret = OtpSecret.fromBytes(input);
    input[0] = 0;
    byte[] first = secret.revealBytes();
    first[1] = 0;
    assertThat(secret.revealBytes()).isEqualTo(RFC_SEED);
    assertThat(secret.revealBytes()).isNotSameAs(secret.revealBytes());
  }
}

package io.github.otpkit.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base32TextTest {
  private static final long SEED = 0xBA5E_3200L;

  @ParameterizedTest(name = "\"{1}\"")
  @CsvSource({
    // RFC 4648 section 10 test vectors, padded and unpadded.
    "'', ''",
    "f, MY======",
    "fo, MZXQ====",
    "foo, MZXW6===",
    "foob, MZXW6YQ=",
    "fooba, MZXW6YTB",
    "foobar, MZXW6YTBOI======",
    "foobar, MZXW6YTBOI",
  })
  void decode_rfc4648Vectors_decoded(String plain, String base32) throws Exception {
    if (plain.isEmpty()) {
      assertThatThrownBy(() -> Base32Text.decode(base32)).hasMessage("secret must not be empty");
      return;
    }
    assertThat(Base32Text.decode(base32)).isEqualTo(plain.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void decode_randomKeysInEveryAcceptedSpelling_equalsCommonsCodec() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    Base32 codec = new Base32();
    for (int round = 0; round < 2000; round++) {
      byte[] key = new byte[1 + random.nextInt(64)];
      random.nextBytes(key);
      String padded = codec.encodeAsString(key);
      String unpadded = padded.replace("=", "");
      String context = String.format(Locale.ROOT, "seed %d round %d", SEED, round);

      assertThat(Base32Text.decode(padded)).as(context).isEqualTo(key);
      assertThat(Base32Text.decode(unpadded)).as(context).isEqualTo(key);
      assertThat(Base32Text.decode(unpadded.toLowerCase(Locale.ROOT))).as(context).isEqualTo(key);
      assertThat(Base32Text.decode(Base32Text.group(unpadded))).as(context).isEqualTo(key);
      assertThat(codec.decode(Base32Text.encode(key))).as(context).isEqualTo(key);
    }
  }

  @Test
  void decode_nonZeroTrailingBits_rejectedAtTheLastCharactersPosition() throws Exception {
    // "MZ" encodes one byte plus two unused bits, which must be zero: 'Z' has them set ('Y' not).
    assertThat(Base32Text.decode("MY")).isEqualTo(new byte[] {'f'});
    assertThatThrownBy(() -> Base32Text.decode("M-Z"))
        .isInstanceOf(Base32Text.MalformedException.class)
        .hasMessage(
            "Base32 character at position 3 has non-zero trailing bits"
                + " (the text is mistyped or truncated)");
  }
}

package io.github.otpkit.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DigitsTest {

  @ParameterizedTest
  @CsvSource({
    "0, 6, 000000",
    "7, 6, 000007",
    "123456, 6, 123456",
    "42, 8, 00000042",
    "9999999, 7, 9999999"
  })
  void format_zeroPadsToExactlyDigits(int value, int digits, String expected) {
    assertThat(Digits.format(value, digits)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {"287082 | 287082", "\" 287 082 \" | 287082", "000000 | 0", "012345 | 12345"})
  void parse_asciiDigitsAndSpaces_accepted(String code, int expected) {
    assertThat(Digits.parse(code, 6)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "12345",
        "1234567",
        "+12345",
        "-12345",
        "12345a",
        "123\t456",
        "123_456",
        "12345\n",
        "\uff11\uff12\uff13\uff14\uff15\uff16",
        "\u0661\u0662\u0663\u0664\u0665\u0666",
        "1e5000",
        "      "
      })
  void parse_anythingElse_isMalformed(String code) {
    assertThat(Digits.parse(code, 6)).isEqualTo(-1);
  }

  @ParameterizedTest(name = "{0} at {1} digits = {2}")
  @CsvSource({
    "99999, 6, 099999",
    "100000, 6, 100000",
    "999999, 6, 999999",
    "1, 7, 0000001",
    "0, 8, 00000000",
    "7081804, 8, 07081804",
    "99999999, 8, 99999999"
  })
  void format_aroundEachPowerOfTen_zeroPaddedToDigits(int value, int digits, String expected) {
    assertThat(Digits.format(value, digits)).isEqualTo(expected);
  }

  @Test
  void format_sampleOfSixDigitValues_matchesRootLocaleFormat() {
    for (int value = 0; value < 1_000_000; value += 997) {
      assertThat(Digits.format(value, 6)).isEqualTo(String.format(Locale.ROOT, "%06d", value));
    }
  }

  @Test
  void format_arabicDefaultLocale_stillAsciiDigits() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("ar-EG"));
      assertThat(Digits.format(42, 6)).isEqualTo("000042");
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void reduce_randomValuesAtEachDigitCount_equalsRemainderOfPowerOfTen() {
    long seed = 0xD161_7500L;
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    for (int digits = 0; digits <= 8; digits++) {
      for (int round = 0; round < 1000; round++) {
        int value = round == 0 ? Integer.MAX_VALUE : random.nextInt(Integer.MAX_VALUE);
        assertThat(Digits.reduce(value, digits))
            .as("seed %d digits %d value %d", seed, digits, value)
            .isEqualTo(value % Digits.power(digits));
      }
    }
  }
}

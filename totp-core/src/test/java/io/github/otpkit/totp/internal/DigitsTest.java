package io.github.otpkit.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigitsTest {

  @ParameterizedTest(name = "{0} at {1} digits = {2}")
  @CsvSource({
    "0, 6, 000000", "7, 6, 000007", "99999, 6, 099999", "100000, 6, 100000", "999999, 6, 999999",
    "1, 7, 0000001", "1234567, 7, 1234567", "0, 8, 00000000", "7081804, 8, 07081804",
    "99999999, 8, 99999999"
  })
  void format_value_zeroPaddedToDigits(int value, int digits, String expected) {
    assertThat(Digits.format(value, digits)).isEqualTo(expected);
  }

  @Test
  void format_everySixDigitValueInASample_matchesRootLocaleFormat() {
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
}

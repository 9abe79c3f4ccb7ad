package io.github.otpkit.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HotpGeneratorTest {
  private static final OtpSecret RFC_SEED =
      OtpSecret.fromBytes("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

  @Test
  void generate_largestCounters_knownAnswersFromOathtool() {
    HotpGenerator g = HotpGenerator.create(RFC_SEED);
    assertThat(g.generate(Long.MAX_VALUE - 1)).isEqualTo("891618");
    assertThat(g.generate(Long.MAX_VALUE)).isEqualTo("181742");
  }

  @Test
  void generate_negativeCounter_rejected() {
    assertThatThrownBy(() -> HotpGenerator.create(RFC_SEED).generate(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("counter must be 0 or more but was -1");
  }

  @Test
  void generate_leadingZeros_kept() {
    HotpGenerator g = HotpGenerator.create(RFC_SEED);
    assertThat(g.generate(349495)).isEqualTo("000000");
    assertThat(g.generateValue(349495)).isZero();
    assertThat(
            HotpGenerator.create(RFC_SEED, HotpParameters.DEFAULT.withDigits(8)).generate(349495))
        .isEqualTo("78000000");
  }
}

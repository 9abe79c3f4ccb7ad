package io.github.otpkit.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TotpGeneratorTest {
  private static final OtpSecret RFC_SEED =
      OtpSecret.fromBytes("12345678901234567890".getBytes(StandardCharsets.US_ASCII));
  private static final OtpSecret RFC_SEED_64 =
      OtpSecret.fromBytes(
          "1234567890123456789012345678901234567890123456789012345678901234"
              .getBytes(StandardCharsets.US_ASCII));
  private static final long TWO_TO_32 = 1L << 32;

  private static TotpGenerator generator(TotpParameters parameters) {
    return TotpGenerator.create(RFC_SEED, parameters);
  }

  @Test
  void stepAt_usesT0AndPeriod() {
    TotpGenerator g =
        generator(
            TotpParameters.DEFAULT
                .withPeriod(Duration.ofSeconds(15))
                .withT0(Instant.ofEpochSecond(1000)));
    assertThat(g.stepAt(Instant.ofEpochSecond(1000))).isZero();
    assertThat(g.stepAt(Instant.ofEpochSecond(1014, 999_999_999))).isZero();
    assertThat(g.stepAt(Instant.ofEpochSecond(1015))).isEqualTo(1);
    assertThat(g.stepAt(Instant.ofEpochSecond(1000 + 15 * 12345 + 7))).isEqualTo(12345);
    assertThat(g.stepStart(12345)).isEqualTo(Instant.ofEpochSecond(1000 + 15 * 12345));
    // Known answer from oathtool -s 15s -S @1000 -N @1015: step 1 of the RFC seed.
    assertThat(g.generate(Instant.ofEpochSecond(1015))).isEqualTo("287082");
  }

  @Test
  void stepAt_defaultParameters_isUnixTimeDividedBy30() {
    TotpGenerator g = generator(TotpParameters.DEFAULT);
    assertThat(g.stepAt(Instant.ofEpochSecond(59))).isEqualTo(1);
    assertThat(g.stepAt(Instant.ofEpochSecond(1111111109))).isEqualTo(0x23523ECL);
    assertThat(g.stepAt(Instant.ofEpochSecond(20_000_000_000L))).isEqualTo(0x27BC86AAL);
  }

  @Test
  void stepAt_beforeT0_rejected() {
    TotpGenerator g = generator(TotpParameters.DEFAULT.withT0(Instant.ofEpochSecond(1000)));
    assertThatThrownBy(() -> g.stepAt(Instant.ofEpochSecond(999)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("time must not be before T0");
    assertThatThrownBy(() -> g.stepAt(Instant.ofEpochSecond(999, 500_000_000)))
        .hasMessage("time must not be before T0");
    assertThatThrownBy(() -> g.generate(Instant.ofEpochSecond(0)))
        .hasMessage("time must not be before T0");
    assertThatThrownBy(() -> generator(TotpParameters.DEFAULT).generate(Instant.ofEpochSecond(-1)))
        .hasMessage("time must not be before T0");
  }

  @Test
  void generateAtStep_negative_rejected() {
    assertThatThrownBy(() -> generator(TotpParameters.DEFAULT).generateAtStep(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("time step must be 0 or more but was -1");
  }

  @Test
  void generate_stepsPast2To32_useTheFull8ByteCounter() {
    // Known answers from oathtool 2.6.7 (see OathtoolCrossCheckTest for the random sweep).
    TotpGenerator oneSecond = generator(TotpParameters.DEFAULT.withPeriod(Duration.ofSeconds(1)));
    Instant t = Instant.ofEpochSecond(TWO_TO_32 + 7);
    assertThat(oneSecond.stepAt(t)).isEqualTo(TWO_TO_32 + 7);
    assertThat(oneSecond.generate(t)).isEqualTo("900145");
    assertThat(HotpGenerator.create(RFC_SEED).generate(TWO_TO_32 + 7)).isEqualTo("900145");

    TotpGenerator thirty = generator(TotpParameters.DEFAULT);
    Instant after2To32Steps = Instant.ofEpochSecond((TWO_TO_32 + 1) * 30);
    assertThat(thirty.stepAt(after2To32Steps)).isEqualTo(TWO_TO_32 + 1);
    assertThat(thirty.generate(after2To32Steps)).isEqualTo("108930");
    // A step that truncated to 32 bits would be step 1, whose code differs.
    assertThat(thirty.generateAtStep(1)).isNotEqualTo("108930");

    TotpGenerator sha512 =
        TotpGenerator.create(
            RFC_SEED_64, TotpParameters.DEFAULT.withAlgorithm(HmacAlgorithm.SHA512).withDigits(8));
    assertThat(sha512.generate(after2To32Steps.plusSeconds(29))).isEqualTo("69375526");
  }

  @Test
  void generate_codeWithLeadingZeros_keepsThem() {
    // Step 349495 of the RFC 4226 seed is HOTP 000000 (found by search, confirmed by oathtool).
    Instant t = Instant.ofEpochSecond(349495L * 30 + 7);
    TotpGenerator six = generator(TotpParameters.DEFAULT);
    assertThat(six.generate(t)).isEqualTo("000000");
    assertThat(six.valueAtStep(349495)).isZero();
    assertThat(generator(TotpParameters.DEFAULT.withDigits(8)).generate(t)).isEqualTo("78000000");
    assertThat(generator(TotpParameters.DEFAULT.withDigits(7)).generate(t)).isEqualTo("8000000");
    // RFC 6238 Appendix B, 8 digits with a leading zero.
    assertThat(
            generator(TotpParameters.DEFAULT.withDigits(8))
                .generate(Instant.ofEpochSecond(1111111109)))
        .isEqualTo("07081804");
  }

  @Test
  void clock_isInjected() {
    Clock fixed = Clock.fixed(Instant.ofEpochSecond(59), ZoneOffset.UTC);
    TotpGenerator g = generator(TotpParameters.DEFAULT.withDigits(8)).withClock(fixed);
    assertThat(g.clock()).isSameAs(fixed);
    assertThat(g.generate()).isEqualTo("94287082");
    assertThat(g.currentStep()).isEqualTo(1);
  }

  @Test
  void timeLeftInStep_withFixedClock() {
    TotpGenerator g = generator(TotpParameters.DEFAULT);
    TotpGenerator at5925 =
        g.withClock(Clock.fixed(Instant.ofEpochSecond(59, 250_000_000), ZoneOffset.UTC));
    assertThat(at5925.timeLeftInStep()).isEqualTo(Duration.ofMillis(750));
    assertThat(at5925.secondsLeftInStep()).isEqualTo(1);

    TotpGenerator atBoundary = g.withClock(Clock.fixed(Instant.ofEpochSecond(60), ZoneOffset.UTC));
    assertThat(atBoundary.timeLeftInStep()).isEqualTo(Duration.ofSeconds(30));
    assertThat(atBoundary.secondsLeftInStep()).isEqualTo(30);

    TotpGenerator at61 = g.withClock(Clock.fixed(Instant.ofEpochSecond(61), ZoneOffset.UTC));
    assertThat(at61.secondsLeftInStep()).isEqualTo(29);
    assertThat(g.secondsLeftInStep(Instant.ofEpochSecond(61, 1))).isEqualTo(29);
    assertThat(g.secondsLeftInStep(Instant.ofEpochSecond(89, 999_999_999))).isEqualTo(1);

    TotpGenerator withT0 =
        generator(
            TotpParameters.DEFAULT
                .withPeriod(Duration.ofSeconds(60))
                .withT0(Instant.ofEpochSecond(10)));
    assertThat(withT0.timeLeftInStep(Instant.ofEpochSecond(70))).isEqualTo(Duration.ofSeconds(60));
    assertThat(withT0.timeLeftInStep(Instant.ofEpochSecond(69))).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void toString_hasNoKeyMaterial() {
    TotpGenerator g = generator(TotpParameters.DEFAULT);
    assertThat(g.toString())
        .isEqualTo("TotpGenerator[SHA1, 6 digits, 30 s]")
        .doesNotContain(RFC_SEED.revealBase32().substring(0, 6));
    assertThat(HotpGenerator.create(RFC_SEED).toString())
        .isEqualTo("HotpGenerator[SHA1, 6 digits]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ar-EG", "hi-IN", "th-TH-u-nu-thai", "fa-IR", "en-US"})
  void codesAndMessages_sameUnderAnyDefaultLocale(String languageTag) {
    Locale defaultLocale = Locale.getDefault();
    Locale format = Locale.getDefault(Locale.Category.FORMAT);
    Locale display = Locale.getDefault(Locale.Category.DISPLAY);
    try {
      Locale.setDefault(Locale.forLanguageTag(languageTag));
      // The locale really formats numbers with other digits here (e.g. Thai digits for
      // th-TH-u-nu-thai).
      if (!languageTag.equals("en-US") && !languageTag.equals("hi-IN")) {
        assertThat(String.format("%d", 7)).isNotEqualTo("7");
      }
      TotpGenerator eight = generator(TotpParameters.DEFAULT.withDigits(8));
      assertThat(eight.generate(Instant.ofEpochSecond(59))).isEqualTo("94287082");
      assertThat(eight.generate(Instant.ofEpochSecond(1111111109))).isEqualTo("07081804");
      assertThat(generator(TotpParameters.DEFAULT).generate(Instant.ofEpochSecond(349495L * 30)))
          .isEqualTo("000000");
      assertThat(HotpGenerator.create(RFC_SEED).generate(0)).isEqualTo("755224");
      assertThatThrownBy(() -> TotpParameters.DEFAULT.withDigits(9))
          .hasMessage("digits must be 6 to 8 but was 9");
      assertThatThrownBy(() -> OtpSecret.generate(100))
          .hasMessage("secret length must be 16 to 64 bytes but was 100");
      assertThatThrownBy(() -> OtpSecret.fromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ!"))
          .hasMessage("invalid Base32 character at position 32");
      assertThat(
              OtpAuthUri.totp(RFC_SEED, "Photo Portal", "alice")
                  .digits(8)
                  .period(Duration.ofSeconds(60))
                  .build()
                  .revealUriString())
          .isEqualTo(
              "otpauth://totp/Photo%20Portal:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                  + "&issuer=Photo%20Portal&digits=8&period=60");
      assertThat(
              OtpAuthUri.parse("otpauth://totp/a?secret=GEZDGNBVGY3TQOJQ&digits=8&period=60")
                  .digits())
          .isEqualTo(8);
      assertThat(OtpAuthUri.compatibility(TotpParameters.DEFAULT.withDigits(7)).warnings())
          .contains("Google Authenticator supports 6 or 8 digits, not 7");
    } finally {
      Locale.setDefault(defaultLocale);
      Locale.setDefault(Locale.Category.FORMAT, format);
      Locale.setDefault(Locale.Category.DISPLAY, display);
    }
  }
}

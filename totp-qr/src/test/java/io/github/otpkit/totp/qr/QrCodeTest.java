package io.github.otpkit.totp.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.common.DecoderResult;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class QrCodeTest {
  static List<Arguments> textsAndLevels() {
    List<Arguments> arguments = new ArrayList<>();
    for (String text : TestTexts.ALL) {
      for (ErrorCorrection level : ErrorCorrection.values()) {
        arguments.add(Arguments.of(TestTexts.label(text), text, level));
      }
    }
    return arguments;
  }

  @ParameterizedTest(name = "{0} at {2}")
  @MethodSource("textsAndLevels")
  void encode_anyTextAndLevel_modulesDecodeToTheExactText(
      String label, String text, ErrorCorrection level) throws Exception {
    QrCode code = QrCode.encode(text, level);

    DecoderResult decoded = Decoders.zxingFromModules(Decoders.modules(code));

    assertThat(decoded.getText()).isEqualTo(text);
    assertThat(decoded.getECLevel()).isEqualTo(level.name());
    assertThat(code.errorCorrection()).isEqualTo(level);
    assertThat(code.size()).isEqualTo(17 + 4 * code.version());
  }

  @Test
  void encode_typicalUri_isVersion7AtDefaultLevelM() {
    QrCode code = QrCode.encode(TestTexts.TYPICAL);

    assertThat(code.errorCorrection()).isEqualTo(ErrorCorrection.M);
    assertThat(code.version()).isEqualTo(7);
    assertThat(code.size()).isEqualTo(45);
  }

  @Test
  void encode_higherLevel_neverGivesASmallerVersion() {
    for (String text : TestTexts.ALL) {
      int previous = 0;
      for (ErrorCorrection level : ErrorCorrection.values()) {
        int version = QrCode.encode(text, level).version();
        assertThat(version)
            .as("%s at %s", TestTexts.label(text), level)
            .isGreaterThanOrEqualTo(previous);
        previous = version;
      }
    }
  }

  @Test
  void encode_asciiText_hasNoEciAndNonAsciiTextHasUtf8Eci() throws Exception {
    // Symbology identifier ]Q1 means no ECI, ]Q2 means an ECI header precedes the data.
    DecoderResult ascii =
        Decoders.zxingFromModules(Decoders.modules(QrCode.encode(TestTexts.TYPICAL)));
    DecoderResult nonAscii =
        Decoders.zxingFromModules(Decoders.modules(QrCode.encode(TestTexts.NON_ASCII)));

    assertThat(ascii.getSymbologyModifier()).isEqualTo(1);
    assertThat(nonAscii.getSymbologyModifier()).isEqualTo(2);
    assertThat(nonAscii.getText()).isEqualTo(TestTexts.NON_ASCII);
  }

  @Test
  void encode_digitsOnly_useNumericModeAndStillDecodeToTheSameText() throws Exception {
    // Version 1 at level L holds 41 digits in numeric mode but only 17 bytes in byte mode.
    String digits = "01234567890123456789012345678901234567890";
    QrCode code = QrCode.encode(digits, ErrorCorrection.L);

    assertThat(code.version()).isEqualTo(1);
    assertThat(Decoders.zxingFromModules(Decoders.modules(code)).getText()).isEqualTo(digits);
  }

  @Test
  void encode_upperCaseAlphanumeric_usesAlphanumericModeAndStillDecodesToTheSameText()
      throws Exception {
    // Version 1 at level L holds 25 characters in alphanumeric mode.
    String text = "JBSWY3DP EHPK3PXP $%*+-./";
    assertThat(text).hasSize(25);
    QrCode code = QrCode.encode(text, ErrorCorrection.L);

    assertThat(code.version()).isEqualTo(1);
    assertThat(Decoders.zxingFromModules(Decoders.modules(code)).getText()).isEqualTo(text);
  }

  @Test
  void encode_bytesOfUtf8_roundTripForEveryPlane() throws Exception {
    String text = "a\u00e9\u20ac\ud83d\udcf7\u0000\n~";
    QrCode code = QrCode.encode(text);

    assertThat(Decoders.zxingFromModules(Decoders.modules(code)).getText()).isEqualTo(text);
    assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(13);
  }

  @ParameterizedTest(name = "{0}: {1} bytes")
  @CsvSource({"L, 2953", "M, 2331", "Q, 1663", "H, 1273"})
  void encode_asciiBytes_fitUpToTheVersion40CapacityAndNoFurther(
      ErrorCorrection level, int capacity) {
    String fits = "jbswy3dp".repeat(capacity / 8 + 1).substring(0, capacity);

    assertThat(QrCode.encode(fits, level).version()).isEqualTo(40);
    assertThatThrownBy(() -> QrCode.encode(fits + "x", level))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "text is too long for a QR code at error correction level "
                + level
                + ": "
                + (capacity + 1)
                + " bytes in byte mode but at most "
                + capacity
                + " fit")
        .message()
        .doesNotContain("jbswy3dp");
  }

  @Test
  void encode_utf8Text_loses1ByteOfCapacityToTheEciHeader() {
    String fits = "\u00e9".repeat(1165); // 2330 bytes in UTF-8

    assertThat(QrCode.encode(fits, ErrorCorrection.M).version()).isEqualTo(40);
    assertThatThrownBy(() -> QrCode.encode(fits + "a", ErrorCorrection.M))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "text is too long for a QR code at error correction level M: 2331 bytes in byte mode"
                + " with UTF-8 ECI but at most 2330 fit");
  }

  @Test
  void encode_tooManyDigits_messageCountsDigitsInNumericMode() {
    String fits = "1234567890".repeat(709).substring(0, 7089);

    assertThat(QrCode.encode(fits, ErrorCorrection.L).version()).isEqualTo(40);
    assertThatThrownBy(() -> QrCode.encode(fits + "1", ErrorCorrection.L))
        .hasMessage(
            "text is too long for a QR code at error correction level L: 7090 digits in numeric"
                + " mode but at most 7089 fit");
  }

  @Test
  void encode_tooManyAlphanumerics_messageCountsCharactersInAlphanumericMode() {
    String fits = "ABCD EFGH:".repeat(430).substring(0, 4296);

    assertThat(QrCode.encode(fits, ErrorCorrection.L).version()).isEqualTo(40);
    assertThatThrownBy(() -> QrCode.encode(fits + "A", ErrorCorrection.L))
        .hasMessage(
            "text is too long for a QR code at error correction level L: 4297 characters in"
                + " alphanumeric mode but at most 4296 fit");
  }

  @Test
  void encode_emptyText_rejected() {
    assertThatThrownBy(() -> QrCode.encode(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("text must not be empty");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"high surrogate alone, 3", "low surrogate alone, 4", "swapped pair, 2"})
  void encode_unpairedSurrogate_rejectedWithItsIndex(String label, int index) {
    String text =
        switch (label) {
          case "high surrogate alone" -> "abc\ud83ddef";
          case "low surrogate alone" -> "abcd\udcf7ef";
          default -> "ab\udcf7\ud83d";
        };

    assertThatThrownBy(() -> QrCode.encode(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("text has an unpaired surrogate at index " + index);
  }

  @Test
  @SuppressWarnings("NullAway") // passes null on purpose to test the checks
  void encode_nullArguments_rejectedWithTheirNames() {
    assertThatThrownBy(() -> QrCode.encode((CharSequence) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("text");
    assertThatThrownBy(() -> QrCode.encode("a", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("errorCorrection");
  }

  @Test
  void encode_charSequence_isReadAsItsString() {
    QrCode fromBuffer = QrCode.encode(CharBuffer.wrap(TestTexts.TYPICAL));
    QrCode fromString = QrCode.encode(TestTexts.TYPICAL);

    assertThat(Decoders.modules(fromBuffer)).isDeepEqualTo(Decoders.modules(fromString));
  }

  @Test
  void isDark_finderPatternCorners_areDarkAndSeparatorsLight() {
    QrCode code = QrCode.encode(TestTexts.TYPICAL);
    int last = code.size() - 1;

    assertThat(code.isDark(0, 0)).isTrue();
    assertThat(code.isDark(last, 0)).isTrue();
    assertThat(code.isDark(0, last)).isTrue();
    assertThat(code.isDark(7, 7)).isFalse();
    assertThat(code.isDark(3, 3)).isTrue();
    assertThat(code.isDark(1, 1)).isFalse();
  }

  @ParameterizedTest(name = "({0}, {1})")
  @CsvSource({
    "-1, 0, x must be 0 to 44 but was -1",
    "45, 0, x must be 0 to 44 but was 45",
    "0, -1, y must be 0 to 44 but was -1",
    "0, 45, y must be 0 to 44 but was 45"
  })
  void isDark_outsideTheSymbol_throwsWithTheRange(int x, int y, String message) {
    QrCode code = QrCode.encode(TestTexts.TYPICAL);

    assertThatThrownBy(() -> code.isDark(x, y))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage(message);
  }

  @Test
  void toString_showsVersionSizeAndLevelButNoPayload() {
    QrCode code = QrCode.encode(TestTexts.TYPICAL, ErrorCorrection.Q);

    assertThat(code.toString())
        .startsWith("QrCode[version=")
        .endsWith(", errorCorrection=Q]")
        .doesNotContain("otpauth")
        .doesNotContain("secret")
        .doesNotContain("Photo");
    assertThat(QrCode.encode(TestTexts.TYPICAL).toString())
        .isEqualTo("QrCode[version=7, size=45, errorCorrection=M]");
  }

  @ParameterizedTest
  @EnumSource(ErrorCorrection.class)
  void recoverablePercent_growsWithTheLevel(ErrorCorrection level) {
    assertThat(level.recoverablePercent())
        .isEqualTo(
            switch (level) {
              case L -> 7;
              case M -> 15;
              case Q -> 25;
              case H -> 30;
            });
  }
}

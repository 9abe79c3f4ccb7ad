package io.github.otpkit.totp.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QrColorTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "#1A2B3C, 26, 43, 60",
    "#1a2b3c, 26, 43, 60",
    "#000000, 0, 0, 0",
    "#FFFFFF, 255, 255, 255",
    "#abc, 170, 187, 204",
    "#F00, 255, 0, 0"
  })
  void parse_cssHex_givesTheComponents(String hex, int red, int green, int blue) {
    assertThat(QrColor.parse(hex)).isEqualTo(new QrColor(red, green, blue));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "1A2B3C|color must be # followed by 3 or 6 hex digits but was \"1A2B3C\"",
        "#1A2B3|color must be # followed by 3 or 6 hex digits but was \"#1A2B3\"",
        "#1A2B3C4|color must be # followed by 3 or 6 hex digits but was \"#1A2B3C4\"",
        "#1A2G3C|color must be # followed by hex digits but has 'G' at index 4",
        "#12 456|color must be # followed by hex digits but has ' ' at index 3",
        "#\uff11\uff12\uff13|color must be # followed by hex digits but has '\uff11' at index 1"
      })
  void parse_malformed_rejectedWithWhereItIsWrong(String hex, String message) {
    assertThatThrownBy(() -> QrColor.parse(hex))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"red, -1, 0, 0", "red, 256, 0, 0", "green, 0, 300, 0", "blue, 0, 0, -5"})
  void constructor_componentOutOfRange_rejected(String name, int red, int green, int blue) {
    int bad = name.equals("red") ? red : name.equals("green") ? green : blue;

    assertThatThrownBy(() -> new QrColor(red, green, blue))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(name + " must be 0 to 255 but was " + bad);
  }

  @Test
  void ofRgb_unpacksAndRgbPacks() {
    QrColor color = QrColor.ofRgb(0x1B2A4E);

    assertThat(color).isEqualTo(new QrColor(0x1B, 0x2A, 0x4E));
    assertThat(color.rgb()).isEqualTo(0x1B2A4E);
    assertThat(color.hex()).isEqualTo("#1B2A4E");
    assertThat(color).hasToString("#1B2A4E");
  }

  @Test
  void ofRgb_outOfRange_rejected() {
    assertThatThrownBy(() -> QrColor.ofRgb(0x1000000))
        .hasMessage("rgb must be 0x000000 to 0xFFFFFF but was 0x1000000");
    assertThatThrownBy(() -> QrColor.ofRgb(-1))
        .hasMessage("rgb must be 0x000000 to 0xFFFFFF but was 0xFFFFFFFF");
  }

  @Test
  void contrastRatio_followsWcag() {
    assertThat(QrColor.BLACK.contrastRatio(QrColor.WHITE)).isCloseTo(21.0, within(1e-9));
    assertThat(QrColor.WHITE.contrastRatio(QrColor.BLACK)).isCloseTo(21.0, within(1e-9));
    assertThat(QrColor.WHITE.contrastRatio(QrColor.WHITE)).isCloseTo(1.0, within(1e-9));
    // Reference values of common WCAG checkers.
    assertThat(QrColor.parse("#767676").contrastRatio(QrColor.WHITE)).isCloseTo(4.54, within(0.01));
    assertThat(QrColor.parse("#777777").contrastRatio(QrColor.WHITE)).isCloseTo(4.48, within(0.01));
    assertThat(QrColor.parse("#0000FF").contrastRatio(QrColor.WHITE)).isCloseTo(8.59, within(0.01));
    assertThat(QrColor.BLACK.relativeLuminance()).isZero();
    assertThat(QrColor.WHITE.relativeLuminance()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void isGrey_onlyForEqualComponents() {
    assertThat(QrColor.BLACK.isGrey()).isTrue();
    assertThat(QrColor.parse("#777777").isGrey()).isTrue();
    assertThat(QrColor.parse("#777778").isGrey()).isFalse();
  }
}

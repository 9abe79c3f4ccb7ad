package io.github.otpkit.totp.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QrOptionsTest {
  @Test
  void defaults_areLevelMQuietZone4Module6BlackOnWhiteBilevel() {
    QrOptions options = QrOptions.DEFAULT;

    assertThat(options.errorCorrection()).isEqualTo(ErrorCorrection.M);
    assertThat(options.quietZone()).isEqualTo(4);
    assertThat(options.moduleSize()).isEqualTo(6);
    assertThat(options.foreground()).isEqualTo(QrColor.BLACK);
    assertThat(options.background()).isEqualTo(QrColor.WHITE);
    assertThat(options.pngFormat()).isEqualTo(PngFormat.BILEVEL);
    assertThat(options.svgPixelSize()).isTrue();
    assertThat(options.svgTitle()).isNull();
    assertThat(options.terminalInverted()).isFalse();
    assertThat(options.contrastRatio()).isEqualTo(21.0);
    assertThat(QrOptions.builder().build()).isEqualTo(options);
  }

  @Test
  void toBuilder_copiesEveryOption() {
    QrOptions options =
        QrOptions.builder()
            .errorCorrection(ErrorCorrection.Q)
            .quietZone(2)
            .moduleSize(9)
            .foreground(QrColor.parse("#202020"))
            .background(QrColor.parse("#EEEEEE"))
            .pngFormat(PngFormat.GREYSCALE)
            .svgPixelSize(false)
            .svgTitle("QR")
            .terminalInverted(true)
            .build();

    assertThat(options.toBuilder().build()).isEqualTo(options);
    assertThat(options.toBuilder().svgTitle(null).build().svgTitle()).isNull();
  }

  @ParameterizedTest(name = "quietZone {0}")
  @ValueSource(ints = {0, 1, 4, 16})
  void quietZone_inRange_accepted(int quietZone) {
    assertThat(QrOptions.builder().quietZone(quietZone).build().quietZone()).isEqualTo(quietZone);
  }

  @ParameterizedTest(name = "quietZone {0}")
  @ValueSource(ints = {-1, 17, Integer.MIN_VALUE})
  void quietZone_outOfRange_rejectedInBuild(int quietZone) {
    QrOptions.Builder builder = QrOptions.builder().quietZone(quietZone);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("quietZone must be 0 to 16 modules but was " + quietZone);
  }

  @ParameterizedTest(name = "moduleSize {0}")
  @ValueSource(ints = {0, -3, 65})
  void moduleSize_outOfRange_rejectedInBuild(int moduleSize) {
    QrOptions.Builder builder = QrOptions.builder().moduleSize(moduleSize);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("moduleSize must be 1 to 64 pixels but was " + moduleSize);
  }

  @ParameterizedTest(name = "moduleSize {0}")
  @ValueSource(ints = {1, 64})
  void moduleSize_atTheLimits_accepted(int moduleSize) {
    assertThat(QrOptions.builder().moduleSize(moduleSize).build().moduleSize())
        .isEqualTo(moduleSize);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "#777777|#FFFFFF|contrast ratio of foreground #777777 and background #FFFFFF must be at"
            + " least 4.5:1 but was 4.47:1",
        "#000000|#595959|contrast ratio of foreground #000000 and background #595959 must be at"
            + " least 4.5:1 but was 2.99:1",
        "#1B2A4E|#3A3A8C|contrast ratio of foreground #1B2A4E and background #3A3A8C must be at"
            + " least 4.5:1 but was 1.45:1"
      })
  void colors_lowContrast_rejectedWithTheRatioFoundAndTheMinimum(
      String foreground, String background, String message) {
    QrOptions.Builder builder =
        QrOptions.builder()
            .foreground(QrColor.parse(foreground))
            .background(QrColor.parse(background));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource({"#FFFFFF, #000000", "#FFF8E7, #1B2A4E", "#808080, #808080"})
  void colors_foregroundNotDarker_rejected(String foreground, String background) {
    QrOptions.Builder builder =
        QrOptions.builder()
            .foreground(QrColor.parse(foreground))
            .background(QrColor.parse(background));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "foreground "
                + foreground
                + " must be darker than background "
                + background
                + ": scanners expect dark modules on a light background");
  }

  @Test
  void colors_atTheMinimumContrast_accepted() {
    QrOptions options = QrOptions.builder().foreground(QrColor.parse("#767676")).build();

    assertThat(options.contrastRatio()).isBetween(QrOptions.MIN_CONTRAST_RATIO, 4.6);
  }

  @Test
  void greyscalePng_withAColor_rejectedNamingWhichOne() {
    QrOptions.Builder foreground =
        QrOptions.builder().pngFormat(PngFormat.GREYSCALE).foreground(QrColor.parse("#1B2A4E"));
    QrOptions.Builder background =
        QrOptions.builder().pngFormat(PngFormat.GREYSCALE).background(QrColor.parse("#FFF8E7"));

    assertThatThrownBy(foreground::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "pngFormat GREYSCALE needs grey colors (equal red, green and blue) but foreground was"
                + " #1B2A4E");
    assertThatThrownBy(background::build)
        .hasMessage(
            "pngFormat GREYSCALE needs grey colors (equal red, green and blue) but background was"
                + " #FFF8E7");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", " ", "\t \n"})
  void svgTitle_blank_rejected(String title) {
    QrOptions.Builder builder = QrOptions.builder().svgTitle(title);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("svgTitle must not be blank; leave it null for no title");
  }

  @Test
  void svgTitle_controlCharacterOrLoneSurrogate_rejectedWithIndex() {
    assertThatThrownBy(() -> QrOptions.builder().svgTitle("QR\u0000code").build())
        .hasMessage("svgTitle must not contain control characters but has one at index 2");
    assertThatThrownBy(() -> QrOptions.builder().svgTitle("QR code\n").build())
        .hasMessage("svgTitle must not contain control characters but has one at index 7");
    assertThatThrownBy(() -> QrOptions.builder().svgTitle("QR \ud83d code").build())
        .hasMessage("svgTitle has an unpaired surrogate at index 3");
    assertThat(QrOptions.builder().svgTitle("QR \ud83d\udcf7").build().svgTitle())
        .isEqualTo("QR \ud83d\udcf7");
  }

  @Test
  @SuppressWarnings("NullAway") // passes null on purpose to test the checks
  void nulls_rejectedWithTheirNames() {
    QrOptions.Builder builder = QrOptions.builder();

    assertThatThrownBy(() -> builder.errorCorrection(null)).hasMessage("level");
    assertThatThrownBy(() -> builder.foreground(null)).hasMessage("color");
    assertThatThrownBy(() -> builder.background(null)).hasMessage("color");
    assertThatThrownBy(() -> builder.pngFormat(null)).hasMessage("format");
    assertThatThrownBy(() -> QrColor.parse(null)).hasMessage("hex");
    assertThatThrownBy(
            () ->
                new QrOptions(
                    ErrorCorrection.M,
                    4,
                    6,
                    null,
                    QrColor.WHITE,
                    PngFormat.BILEVEL,
                    true,
                    null,
                    false))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("foreground");
  }
}

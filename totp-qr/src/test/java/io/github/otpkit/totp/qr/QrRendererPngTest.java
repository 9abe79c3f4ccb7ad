package io.github.otpkit.totp.qr;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class QrRendererPngTest {
  @TempDir Path dir;

  static List<Arguments> textsAndLevels() {
    List<Arguments> arguments = new ArrayList<>();
    for (String text : TestTexts.ALL) {
      for (ErrorCorrection level : ErrorCorrection.values()) {
        arguments.add(Arguments.of(TestTexts.label(text), text, level));
      }
    }
    return arguments;
  }

  private static QrRenderer renderer(ErrorCorrection level) {
    return QrRenderer.of(QrOptions.builder().errorCorrection(level).build());
  }

  @ParameterizedTest(name = "{0} at {2}")
  @MethodSource("textsAndLevels")
  void png_anyTextAndLevel_zbarimgReadsTheExactText(
      String label, String text, ErrorCorrection level) throws Exception {
    Path file = Decoders.write(dir, "code.png", renderer(level).png(text));

    assertThat(Decoders.zbar(file)).isEqualTo(text);
  }

  @ParameterizedTest(name = "{0} at {2}")
  @MethodSource("textsAndLevels")
  void png_anyTextAndLevel_zxingReaderReadsTheExactText(
      String label, String text, ErrorCorrection level) throws Exception {
    byte[] png = renderer(level).png(text);

    assertThat(Decoders.zxingFromPng(png).getText()).isEqualTo(text);
  }

  @Test
  void png_nonAsciiText_zbarimgBinaryOutputIsItsUtf8Bytes() throws Exception {
    Path file = Decoders.write(dir, "code.png", QrRenderer.defaults().png(TestTexts.NON_ASCII));

    assertThat(Decoders.zbarBinary(file))
        .isEqualTo(TestTexts.NON_ASCII.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void png_blackOnWhite_isOneBitGreyscaleWithCorrectChunksAndPixels() throws Exception {
    QrRenderer renderer = QrRenderer.of(QrOptions.builder().moduleSize(3).quietZone(2).build());
    QrCode code = renderer.encode(TestTexts.TYPICAL);

    PngFile png = PngFile.parse(renderer.png(code));

    assertThat(png.chunkTypes()).containsExactly("IHDR", "IDAT", "IEND");
    assertThat(png.chunk("IHDR")).hasSize(13);
    assertThat(png.chunk("IEND")).isEmpty();
    assertThat(png.width).isEqualTo((45 + 4) * 3).isEqualTo(renderer.pixelSize(code));
    assertThat(png.height).isEqualTo(png.width);
    assertThat(png.bitDepth).isEqualTo(1);
    assertThat(png.colorType).isZero();
    assertThat(png.compression).isZero();
    assertThat(png.filter).isZero();
    assertThat(png.interlace).isZero();
    assertPixels(code, png.samples(), 2, 3, 0, 1);
  }

  @Test
  void png_customColors_isOneBitPaletteWithForegroundFirst() throws Exception {
    QrColor navy = QrColor.parse("#1B2A4E");
    QrColor cream = QrColor.parse("#FFF8E7");
    QrRenderer renderer =
        QrRenderer.of(QrOptions.builder().foreground(navy).background(cream).build());
    QrCode code = renderer.encode(TestTexts.TYPICAL);
    byte[] bytes = renderer.png(code);

    PngFile png = PngFile.parse(bytes);

    assertThat(png.chunkTypes()).containsExactly("IHDR", "PLTE", "IDAT", "IEND");
    assertThat(png.bitDepth).isEqualTo(1);
    assertThat(png.colorType).isEqualTo(3);
    assertThat(png.chunk("PLTE")).containsExactly(0x1B, 0x2A, 0x4E, 0xFF, 0xF8, 0xE7);
    assertPixels(code, png.samples(), 4, 6, 0, 1);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
    assertThat(image.getRGB(0, 0) & 0xFFFFFF).isEqualTo(cream.rgb());
    assertThat(image.getRGB(4 * 6, 4 * 6) & 0xFFFFFF).isEqualTo(navy.rgb());
    Path file = Decoders.write(dir, "colors.png", bytes);
    assertThat(Decoders.zbar(file)).isEqualTo(TestTexts.TYPICAL);
    assertThat(Decoders.zxingFromPng(bytes).getText()).isEqualTo(TestTexts.TYPICAL);
  }

  @Test
  void png_greyscaleFormat_isEightBitWithTheGreyLevels() throws Exception {
    QrRenderer renderer =
        QrRenderer.of(
            QrOptions.builder()
                .pngFormat(PngFormat.GREYSCALE)
                .foreground(QrColor.parse("#202020"))
                .background(QrColor.parse("#F0F0F0"))
                .moduleSize(2)
                .build());
    QrCode code = renderer.encode(TestTexts.LONG);
    byte[] bytes = renderer.png(code);

    PngFile png = PngFile.parse(bytes);

    assertThat(png.chunkTypes()).containsExactly("IHDR", "IDAT", "IEND");
    assertThat(png.bitDepth).isEqualTo(8);
    assertThat(png.colorType).isZero();
    assertPixels(code, png.samples(), 4, 2, 0x20, 0xF0);
    Path file = Decoders.write(dir, "grey.png", bytes);
    assertThat(Decoders.zbar(file)).isEqualTo(TestTexts.LONG);
    assertThat(Decoders.zxingFromPng(bytes).getText()).isEqualTo(TestTexts.LONG);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource({"#767676, #FFFFFF", "#000000, #767676", "#8B0000, #FFFFFF", "#003366, #CCE5FF"})
  void png_colorsJustAboveTheMinimumContrast_stillDecode(String foreground, String background)
      throws Exception {
    QrRenderer renderer =
        QrRenderer.of(
            QrOptions.builder()
                .foreground(QrColor.parse(foreground))
                .background(QrColor.parse(background))
                .build());
    assertThat(renderer.options().contrastRatio())
        .isGreaterThanOrEqualTo(QrOptions.MIN_CONTRAST_RATIO);
    byte[] bytes = renderer.png(TestTexts.TYPICAL);

    assertThat(Decoders.zbar(Decoders.write(dir, "low.png", bytes))).isEqualTo(TestTexts.TYPICAL);
    assertThat(Decoders.zxingFromPng(bytes).getText()).isEqualTo(TestTexts.TYPICAL);
  }

  @ParameterizedTest(name = "quiet zone {0}, module size {1}")
  @CsvSource({"0, 1", "0, 5", "1, 1", "4, 7", "16, 1", "3, 64"})
  void png_anyGeometry_hasExactPixelsForModulesAndQuietZone(int quietZone, int moduleSize)
      throws Exception {
    QrRenderer renderer =
        QrRenderer.of(QrOptions.builder().quietZone(quietZone).moduleSize(moduleSize).build());
    QrCode code = renderer.encode(TestTexts.NON_ASCII);

    PngFile png = PngFile.parse(renderer.png(code));

    assertThat(png.width).isEqualTo((code.size() + 2 * quietZone) * moduleSize);
    assertPixels(code, png.samples(), quietZone, moduleSize, 0, 1);
  }

  @Test
  void png_typicalUriAt4PixelsQuietZone4LevelM_isNoLargerThanQrencode() throws Exception {
    ExternalTool.QRENCODE.require();
    QrRenderer renderer =
        QrRenderer.of(
            QrOptions.builder()
                .errorCorrection(ErrorCorrection.M)
                .moduleSize(4)
                .quietZone(4)
                .build());
    byte[] ours = renderer.png(TestTexts.TYPICAL);
    Path theirs = dir.resolve("qrencode.png");
    ExternalTool.Result result =
        ExternalTool.QRENCODE.run(
            dir, "-l", "M", "-s", "4", "-m", "4", "-o", theirs.toString(), TestTexts.TYPICAL);
    assertThat(result.exitCode()).as("qrencode exit code, stderr: %s", result.stderr()).isZero();
    long theirSize = Files.size(theirs);

    assertThat((long) ours.length)
        .as(
            "PNG size of the typical URI: otpkit %d bytes (%d px), qrencode %d bytes",
            ours.length, PngFile.parse(ours).width, theirSize)
        .isLessThanOrEqualTo(theirSize);
    assertThat(Decoders.zbar(theirs)).as("qrencode's own image").isEqualTo(TestTexts.TYPICAL);
  }

  @Test
  void png_qrCodeArgument_keepsItsOwnErrorCorrectionLevel() throws Exception {
    QrCode high = QrCode.encode(TestTexts.TYPICAL, ErrorCorrection.H);

    byte[] png = renderer(ErrorCorrection.L).png(high);

    assertThat(PngFile.parse(png).width).isEqualTo((high.size() + 8) * 6);
    assertThat(Decoders.zxingFromPng(png).getText()).isEqualTo(TestTexts.TYPICAL);
  }

  @Test
  void png_eachCall_returnsANewArray() {
    QrRenderer renderer = QrRenderer.defaults();
    byte[] first = renderer.png(TestTexts.TYPICAL);
    byte[] copy = first.clone();
    first[first.length - 1] ^= 1;

    assertThat(renderer.png(TestTexts.TYPICAL)).isEqualTo(copy);
  }

  /** Checks every pixel, quiet zone included, against the module matrix. */
  static void assertPixels(
      QrCode code, int[][] samples, int quietZone, int moduleSize, int dark, int light) {
    int pixels = (code.size() + 2 * quietZone) * moduleSize;
    assertThat(samples).hasNumberOfRows(pixels);
    for (int py = 0; py < pixels; py++) {
      assertThat(samples[py]).hasSize(pixels);
      int y = py / moduleSize - quietZone;
      for (int px = 0; px < pixels; px++) {
        int x = px / moduleSize - quietZone;
        boolean isDark =
            x >= 0 && y >= 0 && x < code.size() && y < code.size() && code.isDark(x, y);
        if (samples[py][px] != (isDark ? dark : light)) {
          throw new AssertionError(
              String.format(
                  "pixel (%d, %d) of module (%d, %d) is %d but should be %s",
                  px, py, x, y, samples[py][px], isDark ? "dark" : "light"));
        }
      }
    }
  }
}

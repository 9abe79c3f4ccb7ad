package io.github.otpkit.totp.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.qr.QrOptions;
import io.github.otpkit.totp.qr.QrRenderer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pieces behind {@link QrScanner} and {@link VirtualAuthenticator}, one by one. */
class ScannerInternalsTest {
  @Test
  void luminanceOf_isBt601GreyCompositedOverWhite() {
    BufferedImage image = new BufferedImage(4, 1, BufferedImage.TYPE_INT_ARGB);
    image.setRGB(0, 0, 0xFF102030); // opaque: (16*299 + 32*587 + 48*114) / 1000 = 29
    image.setRGB(1, 0, 0x80FF0000); // half-transparent red: (76*128 + 255*127) / 255 = 165
    image.setRGB(2, 0, 0x00000000); // transparent: white
    image.setRGB(3, 0, 0xFF00FF00); // green: 587 * 255 / 1000 = 149

    QrScanner.Luminance luminance = QrScanner.Luminance.of(image);

    assertThat(luminance.width()).isEqualTo(4);
    assertThat(luminance.height()).isEqualTo(1);
    assertThat(luminance.pixels()).containsExactly(29, 165, 255, 149);
  }

  @Test
  void framed_addsAWhiteBorderOfAnEighthAndScalesToFourHundredPixels() {
    // 2 x 1 pixels: the border is 8 (an eighth of 2 is less), the scale 200.
    QrScanner.Luminance image = new QrScanner.Luminance(2, 1, new byte[] {0, 100});

    QrScanner.Luminance framed = image.framed();

    assertThat(framed.width()).isEqualTo((2 + 16) * 200);
    assertThat(framed.height()).isEqualTo((1 + 16) * 200);
    int w = framed.width();
    byte[] p = framed.pixels();
    // Pixel (0, 0) fills [1600, 1800) x [1600, 1800); pixel (1, 0) the next 200 columns.
    assertThat(p[1600 * w + 1600]).isEqualTo((byte) 0);
    assertThat(p[1799 * w + 1799]).isEqualTo((byte) 0);
    assertThat(p[1600 * w + 1800]).isEqualTo((byte) 100);
    assertThat(p[1799 * w + 1999]).isEqualTo((byte) 100);
    assertThat(p[1599 * w + 1600]).isEqualTo((byte) 0xFF);
    assertThat(p[1600 * w + 1599]).isEqualTo((byte) 0xFF);
    assertThat(p[1800 * w + 1600]).isEqualTo((byte) 0xFF);
    assertThat(p[1600 * w + 2000]).isEqualTo((byte) 0xFF);
    int dark = 0;
    for (byte b : p) {
      dark += b == 0 ? 1 : 0;
    }
    assertThat(dark).isEqualTo(200 * 200);
  }

  @Test
  void framed_largeImage_keepsItsScale_andBorderIsAnEighth() {
    QrScanner.Luminance image = new QrScanner.Luminance(800, 400, new byte[800 * 400]);

    QrScanner.Luminance framed = image.framed();

    assertThat(framed.width()).isEqualTo(800 + 2 * 100);
    assertThat(framed.height()).isEqualTo(400 + 2 * 100);
    assertThat(framed.pixels()[100 * framed.width() + 100]).isEqualTo((byte) 0);
    assertThat(framed.pixels()[99 * framed.width() + 100]).isEqualTo((byte) 0xFF);
    // 400 pixels wide exactly: scale 1.
    assertThat(new QrScanner.Luminance(400, 1, new byte[400]).framed().width()).isEqualTo(500);
    assertThat(new QrScanner.Luminance(399, 1, new byte[399]).framed().width())
        .isEqualTo((399 + 2 * 49) * 2);
  }

  @Test
  void framed_thatWouldExceedThePixelLimit_isTheImageItself() {
    QrScanner.Luminance wide = new QrScanner.Luminance(20_000, 100, new byte[20_000 * 100]);

    assertThat(wide.framed()).isSameAs(wide);
  }

  @Test
  void read_pngWithoutQuietZoneAndOnePixelModules_isFoundInTheFrame() {
    QrRenderer bare = QrRenderer.of(QrOptions.builder().quietZone(0).moduleSize(1).build());

    assertThat(QrScanner.read(bare.png(QrScannerTest.URI))).isEqualTo(QrScannerTest.URI);
  }

  @Test
  void read_pngAtThePixelLimit_isDecoded_oneRowMoreIsRefused() {
    // 10000 x 5000 is exactly the limit: read (and found empty of data), not refused for size.
    assertThatThrownBy(() -> QrScanner.read(QrScannerTest.pngHeader(10_000, 5_000)))
        .isInstanceOf(QrScanException.class)
        .hasMessage("the PNG image is damaged or truncated");
    assertThatThrownBy(() -> QrScanner.read(QrScannerTest.pngHeader(10_000, 5_001)))
        .isInstanceOf(QrScanException.class)
        .hasMessage("the PNG image is 10000 x 5001 pixels; at most 50000000 pixels are read");
  }

  @Test
  void millisBetween_roundsUp() {
    Instant t = Instant.parse("2026-03-01T12:00:00Z");

    assertThat(VirtualAuthenticator.millisBetween(t, t)).isZero();
    assertThat(VirtualAuthenticator.millisBetween(t, t.plusNanos(1))).isEqualTo(1);
    assertThat(VirtualAuthenticator.millisBetween(t, t.plusMillis(2))).isEqualTo(2);
    assertThat(VirtualAuthenticator.millisBetween(t, t.plusNanos(2_000_001))).isEqualTo(3);
    assertThat(VirtualAuthenticator.millisBetween(t, t.plusSeconds(20))).isEqualTo(20_000);
  }

  @Test
  void dataUri_edgeCases() {
    String svg =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 4\"><title>Café</title></svg>";

    // Raw non-ASCII text in a data: URI is its UTF-8; the image has no code.
    assertThatThrownBy(() -> QrScanner.readDataUri("data:image/svg+xml," + svg))
        .isInstanceOf(QrScanException.class)
        .hasMessage("no QR code found in the image (800 x 800 pixels)");
    assertThatThrownBy(() -> QrScanner.readDataUri("data:image/svg+xml,%3"))
        .hasMessage("the data: URI has an invalid percent-encoding at position 1 of its data");
    assertThatThrownBy(() -> QrScanner.readDataUri("data:image/svg+xml,%"))
        .hasMessage("the data: URI has an invalid percent-encoding at position 1 of its data");
    assertThatThrownBy(() -> QrScanner.readDataUri("data:image/svg+xml,%4x"))
        .hasMessage("the data: URI has an invalid percent-encoding at position 1 of its data");
    // ";base64" must be the last parameter; "base64" alone as the media type is not it.
    assertThatThrownBy(() -> QrScanner.readDataUri("data:base64,iVBORw0K"))
        .hasMessage("the data: URI holds something, not an image");
    String type64 = "image/" + "x".repeat(58);
    String type65 = "image/" + "x".repeat(59);
    assertThat(type64).hasSize(64);
    assertThatThrownBy(() -> QrScanner.readDataUri("data:" + type64 + ",abc"))
        .hasMessage(
            "not an image that can be read (PNG, JPEG, GIF, BMP or TIFF) nor an SVG document");
    assertThatThrownBy(() -> QrScanner.readDataUri("data:text/" + "x".repeat(60) + ",abc"))
        .hasMessage("the data: URI holds something, not an image");
    assertThatThrownBy(() -> QrScanner.readDataUri("data:text/" + "x".repeat(54) + ",abc"))
        .hasMessage("the data: URI holds text/" + "x".repeat(54) + ", not an image");
    assertThat(type65).hasSize(65);
  }

  @Test
  void svgTransforms_composeScaleAndTranslate() {
    // scale(2) around translate(1 1): the unit square at (0, 0) lands on (2, 2)-(4, 4).
    String svg =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 8 8\"><g transform=\"scale(2)\">"
            + "<g transform=\"translate(1 1) scale(1.5, 0.5)\"><rect width=\"1\" height=\"2\"/></g></g>"
            + "</svg>";
    QrScanner.Luminance image = SvgRasterizer.rasterize(svg.getBytes(StandardCharsets.UTF_8));
    int perUnit = image.width() / 8;

    // x from 2 to 2 + 2 * 1.5 = 5, y from 2 to 2 + 2 * 0.5 * 2 = 4.
    assertThat(image.pixels()[(2 * perUnit + 1) * image.width() + 2 * perUnit + 1])
        .isEqualTo((byte) 0);
    assertThat(image.pixels()[(4 * perUnit - 1) * image.width() + 5 * perUnit - 1])
        .isEqualTo((byte) 0);
    assertThat(image.pixels()[(4 * perUnit + 1) * image.width() + 3 * perUnit])
        .isEqualTo((byte) 0xFF);
    assertThat(image.pixels()[(3 * perUnit) * image.width() + 5 * perUnit + 1])
        .isEqualTo((byte) 0xFF);
    assertThat(image.pixels()[(3 * perUnit) * image.width() + 2 * perUnit - 1])
        .isEqualTo((byte) 0xFF);
  }

  @Test
  void svgTransforms_wrongArgumentCounts_areRefused() {
    for (String transform :
        new String[] {"scale(1 2 3)", "matrix(1 0 0 1 0)", "translate(1 2 3)"}) {
      String svg =
          "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 4\"><g transform=\""
              + transform
              + "\"/></svg>";
      assertThatThrownBy(() -> SvgRasterizer.rasterize(svg.getBytes(StandardCharsets.UTF_8)))
          .as(transform)
          .isInstanceOf(QrScanException.class)
          .hasMessageEndingWith("has the wrong number of arguments");
    }
  }

  @Test
  void svg_internalEntity_isRefusedToo_andNothingIsPrintedOnStandardError() {
    String svg =
        "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x \"y\">]>"
            + "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 4\"><title>&x;</title></svg>";
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThatThrownBy(() -> SvgRasterizer.rasterize(svg.getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(QrScanException.class)
          .hasMessageStartingWith("the SVG document is not well-formed XML (line 1, column ");
      assertThatThrownBy(() -> SvgRasterizer.rasterize("<svg".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(QrScanException.class);
    } finally {
      System.setErr(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}

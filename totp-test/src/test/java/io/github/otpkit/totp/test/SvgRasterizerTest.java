package io.github.otpkit.totp.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SvgRasterizer}: what it draws, pixel by pixel, and what it refuses. */
class SvgRasterizerTest {
  private static final String NS = "xmlns=\"http://www.w3.org/2000/svg\"";

  private static QrScanner.Luminance draw(String svg) {
    return SvgRasterizer.rasterize(svg.getBytes(StandardCharsets.UTF_8));
  }

  private static int grey(QrScanner.Luminance image, int x, int y) {
    return image.pixels()[y * image.width() + x] & 0xFF;
  }

  /** Scales a 4 x 4 picture by the rasteriser's factor (800 / 4 = 200) back to 4 x 4. */
  private static String picture4(String svg) {
    QrScanner.Luminance image = draw(svg);
    assertThat(image.width()).isEqualTo(800);
    StringBuilder sb = new StringBuilder();
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        sb.append(grey(image, x * 200 + 100, y * 200 + 100) < 128 ? '#' : '.');
        // Every pixel of a unit square has the same colour: edges fall between pixels.
        assertThat(grey(image, x * 200, y * 200))
            .isEqualTo(grey(image, x * 200 + 199, y * 200 + 199));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  @Test
  void rect_fillsItsArea_onAWhiteCanvas() {
    String svg =
        "<svg "
            + NS
            + " viewBox=\"0 0 4 4\"><rect x=\"1\" y=\"1\" width=\"2\" height=\"1\"/></svg>";

    assertThat(picture4(svg)).isEqualTo("....\n.##.\n....\n....\n");
  }

  @Test
  void path_likeTotpQr_absoluteThenRelativeRuns() {
    String svg =
        "<svg "
            + NS
            + " viewBox=\"0 0 4 4\"><rect width=\"4\" height=\"4\" fill=\"#ffffff\"/>"
            + "<path fill=\"#000000\" d=\"M0 0h2v1h-2zm1 2h3v1h-3z\"/></svg>";

    assertThat(picture4(svg)).isEqualTo("##..\n....\n.###\n....\n");
  }

  @Test
  void path_absoluteLinesImplicitLinetoAndCommas() {
    String svg = "<svg " + NS + " viewBox=\"0 0 4 4\"><path d=\"M1,1 3,1 3,3 L1,3 Z\"/></svg>";

    assertThat(picture4(svg)).isEqualTo("....\n.##.\n.##.\n....\n");
  }

  @Test
  void path_relativeLinesAndVertical() {
    String svg =
        "<svg " + NS + " viewBox=\"0 0 4 4\"><path d=\"m0 3 l1 0 0 1 -1 0z M3 0V4H4V0z\"/></svg>";

    assertThat(picture4(svg)).isEqualTo("...#\n...#\n...#\n#..#\n");
  }

  @Test
  void path_numbersWithExponentsSignsAndDots() {
    String svg = "<svg " + NS + " viewBox=\"0 0 4 4\"><path d=\"M1e0.0h+2.0V.2e1H1z\"/></svg>";

    // M (1, 0), h to x = 3, V to y = 2, H back to x = 1.
    assertThat(picture4(svg)).isEqualTo(".##.\n.##.\n....\n....\n");
  }

  @Test
  void fillRule_nonZeroFillsAHoleDrawnTheSameWay_evenOddLeavesIt() {
    String outerAndInner = "M0 0h4v4h-4z M1 1h2v2h-2z";
    String nonZero =
        "<svg " + NS + " viewBox=\"0 0 4 4\"><path d=\"" + outerAndInner + "\"/></svg>";
    String evenOdd =
        "<svg "
            + NS
            + " viewBox=\"0 0 4 4\"><path fill-rule=\"evenodd\" d=\""
            + outerAndInner
            + "\"/></svg>";
    // The inner square drawn the other way round is a hole under both rules.
    String reversed =
        "<svg " + NS + " viewBox=\"0 0 4 4\"><path d=\"M0 0h4v4h-4z M1 1v2h2v-2z\"/></svg>";

    assertThat(picture4(nonZero)).isEqualTo("####\n####\n####\n####\n");
    assertThat(picture4(evenOdd)).isEqualTo("####\n#..#\n#..#\n####\n");
    assertThat(picture4(reversed)).isEqualTo("####\n#..#\n#..#\n####\n");
  }

  @Test
  void stroke_horizontalAndVerticalLines_withButtAndSquareCaps() {
    // qrencode --svg-path: strokes of width 1 through the middle of each module row.
    String butt =
        "<svg "
            + NS
            + " viewBox=\"0 0 4 4\"><path style=\"stroke:#000000\" transform=\"translate(0,0.5)\""
            + " d=\"M1,0h2M0,3h1\"/><path stroke=\"black\" fill=\"none\" d=\"M3.5 2v2\"/></svg>";
    String square =
        "<svg "
            + NS
            + " viewBox=\"0 0 4 4\"><path stroke=\"black\" stroke-linecap=\"square\""
            + " d=\"M1.5 1.5h1\"/></svg>";

    assertThat(picture4(butt)).isEqualTo(".##.\n....\n...#\n#..#\n");
    assertThat(picture4(square)).isEqualTo("....\n.##.\n....\n....\n");
  }

  @Test
  void strokeWidth_isScaledByTheTransform() {
    String svg =
        "<svg "
            + NS
            + " viewBox=\"0 0 4 4\"><g transform=\"scale(2)\"><path stroke=\"#000\""
            + " stroke-width=\"1\" d=\"M0 0.5h2\"/></g></svg>";

    assertThat(picture4(svg)).isEqualTo("####\n####\n....\n....\n");
  }

  @Test
  void groups_inheritFillAndComposeTransforms() {
    String svg =
        "<svg "
            + NS
            + " viewBox=\"0 0 4 4\"><g fill=\"navy\" transform=\"translate(1 0)\">"
            + "<g transform=\"matrix(1 0 0 1 0 1)\"><rect width=\"1\" height=\"1\"/></g>"
            + "<rect x=\"2\" width=\"1\" height=\"1\" fill=\"white\"/></g></svg>";
    QrScanner.Luminance image = draw(svg);

    assertThat(picture4(svg)).isEqualTo("....\n.#..\n....\n....\n");
    assertThat(grey(image, 300, 300)).isEqualTo((0x80 * 114) / 1000);
  }

  @Test
  void laterShapesPaintOverEarlierOnes_andHiddenOnesAreSkipped() {
    String svg =
        "<svg "
            + NS
            + " viewBox=\"0 0 4 4\"><rect width=\"4\" height=\"4\"/>"
            + "<rect width=\"2\" height=\"4\" style=\"fill: #FFF; stroke: none\"/>"
            + "<rect width=\"4\" height=\"4\" fill=\"white\" display=\"none\"/>"
            + "<g visibility=\"hidden\"><rect width=\"4\" height=\"4\" fill=\"white\"/></g>"
            + "<title>QR code</title><desc>x</desc><metadata/></svg>";

    assertThat(picture4(svg)).isEqualTo("..##\n..##\n..##\n..##\n");
  }

  @Test
  void widthAndHeightInPixels_withoutViewBox_areTheDrawing() {
    QrScanner.Luminance image =
        draw(
            "<svg "
                + NS
                + " width=\"8px\" height=\"4\"><rect x=\"4\" width=\"4\" height=\"4\"/></svg>");

    assertThat(image.width()).isEqualTo(800);
    assertThat(image.height()).isEqualTo(400);
    assertThat(grey(image, 399, 200)).isEqualTo(255);
    assertThat(grey(image, 400, 200)).isZero();
  }

  @Test
  void viewBoxWithOffset_andLargeViewBox_areScaledToTheCanvas() {
    QrScanner.Luminance offset =
        draw(
            "<svg "
                + NS
                + " viewBox=\"10 10 4 4\"><rect x=\"10\" y=\"10\" width=\"1\" height=\"1\"/></svg>");
    QrScanner.Luminance large =
        draw(
            "<svg "
                + NS
                + " viewBox=\"0 0 8192 4096\"><rect width=\"4096\" height=\"4096\"/></svg>");

    assertThat(grey(offset, 100, 100)).isZero();
    assertThat(grey(offset, 300, 300)).isEqualTo(255);
    assertThat(large.width()).isEqualTo(4096);
    assertThat(large.height()).isEqualTo(2048);
    assertThat(grey(large, 2047, 10)).isZero();
    assertThat(grey(large, 2048, 10)).isEqualTo(255);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "black|0",
        "#000|0",
        "#ffffff|255",
        "#FFF|255",
        "rgb(255, 255, 255)|255",
        "rgb(0,0,999)|29",
        "red|76",
        "grey|128",
        "#1B2A4E|41"
      })
  void colours_becomeGreyLevels(String colour, int grey) {
    assertThat(SvgRasterizer.grey(colour)).isEqualTo(grey);
  }

  @Test
  void colours_noneAndTransparent_paintNothing() {
    assertThat(SvgRasterizer.grey("none")).isEqualTo(SvgRasterizer.NONE);
    assertThat(SvgRasterizer.grey(" Transparent ")).isEqualTo(SvgRasterizer.NONE);
    assertThat(
            picture4(
                "<svg "
                    + NS
                    + " viewBox=\"0 0 4 4\"><rect width=\"4\" height=\"4\" fill=\"none\"/></svg>"))
        .isEqualTo("....\n....\n....\n....\n");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // What is not drawn is refused, by name.
        "<circle r='1'/>|the SVG element <circle> is not supported: this reader draws <rect> and"
            + " <path> elements with straight lines, in <g> groups",
        "<text>hi</text>|the SVG element <text> is not supported: this reader draws <rect> and"
            + " <path> elements with straight lines, in <g> groups",
        "<style>rect{fill:red}</style>|the SVG element <style> is not supported: this reader"
            + " draws <rect> and <path> elements with straight lines, in <g> groups",
        "<path d='M0 0C1 1 2 2 3 3z'/>|the SVG path command C is not supported: only straight"
            + " lines (M, L, H, V, Z)",
        "<path d='M0 0a1 1 0 0 0 1 1'/>|the SVG path command a is not supported: only straight"
            + " lines (M, L, H, V, Z)",
        "<path d='0 0h1'/>|the SVG path data is malformed at position 1",
        "<path d='M0 0hx'/>|the SVG path data is malformed at position 6: a number expected",
        "<path d='M0 0z 1 1'/>|the SVG path data is malformed at position 7",
        "<path stroke='black' d='M0 0L1 1'/>|the SVG document strokes a diagonal line, which is"
            + " not supported",
        "<path stroke='black' stroke-linecap='round' d='M0 0h1'/>|the SVG stroke-linecap round"
            + " is not supported",
        "<g transform='rotate(45)'/>|the SVG transform rotate(...) is not supported: only"
            + " translate, scale and matrix without rotation",
        "<g transform='matrix(0 1 1 0 0 0)'/>|the SVG transform matrix(...) rotates or skews,"
            + " which is not supported",
        "<g transform='translate(1 2 3)'/>|the SVG transform translate(...) has the wrong number"
            + " of arguments",
        "<g transform='translate(1'/>|the SVG transform attribute is malformed",
        "<rect width='1' height='1' fill='papayawhip'/>|the SVG colour 'papayawhip' is not"
            + " supported: use #rgb, #rrggbb, rgb(r, g, b), a basic colour name or none",
        "<rect width='1' height='1' fill='url(#g)'/>|the SVG colour is not supported: use #rgb,"
            + " #rrggbb, rgb(r, g, b), a basic colour name or none",
        "<rect width='1' height='1' opacity='0.5'/>|the SVG opacity below 1 is not supported",
        "<rect width='1cm' height='1'/>|the SVG attribute width has a unit other than px, which"
            + " is not supported",
        "<rect width='wide' height='1'/>|the SVG attribute width has a unit other than px, which"
            + " is not supported",
        "<rect width='1e999' height='1'/>|the SVG attribute width is out of range",
        "<svg/>|the SVG element <svg> is not supported: this reader draws <rect> and <path>"
            + " elements with straight lines, in <g> groups"
      })
  void unsupported_isRefusedWithWhatItIs(String element, String message) {
    String svg = "<svg " + NS + " viewBox=\"0 0 4 4\">" + element.replace('\'', '"') + "</svg>";

    assertThatThrownBy(() -> draw(svg)).isInstanceOf(QrScanException.class).hasMessage(message);
  }

  @Test
  void elementsOfOtherNamespaces_areIgnored() {
    String svg =
        "<svg "
            + NS
            + " xmlns:x=\"urn:x\" viewBox=\"0 0 4 4\"><x:circle/><rect width=\"1\""
            + " height=\"1\"/></svg>";

    assertThat(picture4(svg)).isEqualTo("#...\n....\n....\n....\n");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "<html><body/></html>|an XML document that is not SVG",
        "<svg xmlns='urn:other'/>|an XML document that is not SVG",
        "<svg "
            + "xmlns='http://www.w3.org/2000/svg'>|the SVG document is not well-formed XML"
            + " (line 1, column 41)",
        "<svg xmlns='http://www.w3.org/2000/svg'/>|the SVG document has neither a viewBox nor a"
            + " width and height",
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 4'/>|the SVG viewBox must have 4"
            + " numbers",
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 0 4'/>|the SVG viewBox must have a"
            + " positive width and height",
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 a 4'/>|the SVG attribute viewBox"
            + " is not a number",
        "<svg xmlns='http://www.w3.org/2000/svg' width='0' height='4'/>|the SVG width and height"
            + " must be positive",
        "<svg xmlns='http://www.w3.org/2000/svg' width='3.9cm' height='4'/>|the SVG attribute"
            + " width has a unit other than px, which is not supported"
      })
  void documents_notDrawable_areRefused(String document, String message) {
    String svg = document.replace('\'', '"');

    assertThatThrownBy(() -> draw(svg)).isInstanceOf(QrScanException.class).hasMessage(message);
  }

  @Test
  void doctype_isRefused_soNoEntityIsExpanded() {
    String svg =
        "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<svg "
            + NS
            + " viewBox=\"0 0 4 4\"><title>&x;</title></svg>";

    assertThatThrownBy(() -> draw(svg))
        .isInstanceOf(QrScanException.class)
        .hasMessageStartingWith("the SVG document is not well-formed XML (line 1, column ");
  }

  @Test
  void byteOrderMarkAndLeadingWhiteSpace_areStillXml() {
    byte[] svg =
        ("\uFEFF \n\t<svg " + NS + " viewBox=\"0 0 4 4\"/>").getBytes(StandardCharsets.UTF_8);

    assertThat(QrScanner.looksLikeXml(svg)).isTrue();
    assertThat(QrScanner.looksLikeXml(" \r\n".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(QrScanner.looksLikeXml(new byte[] {(byte) 0xEF, (byte) 0xBB})).isFalse();
    assertThat(QrScanner.luminance(svg).width()).isEqualTo(800);
  }
}

package io.github.otpkit.totp.qr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class QrRendererSvgTest {
  private static final Pattern PATH_DATA = Pattern.compile(" d=\"([^\"]*)\"");
  private static final Pattern RUN = Pattern.compile("([Mm])(-?\\d+) (-?\\d+)h(\\d+)v1h-(\\d+)z");

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

  @ParameterizedTest(name = "{0} at {2}")
  @MethodSource("textsAndLevels")
  void svg_anyTextAndLevel_rasterisedByRsvgThenZbarimgReadsTheExactText(
      String label, String text, ErrorCorrection level) throws Exception {
    QrRenderer renderer = QrRenderer.of(QrOptions.builder().errorCorrection(level).build());
    Path svg = Decoders.write(dir, "code.svg", renderer.svg(text).getBytes(StandardCharsets.UTF_8));

    Path png = Decoders.rasterise(svg, 0);

    assertThat(Decoders.zbar(png)).isEqualTo(text);
    assertThat(Decoders.zxingFromPng(Files.readAllBytes(png)).getText()).isEqualTo(text);
  }

  @ParameterizedTest(name = "{0} at {2}")
  @MethodSource("textsAndLevels")
  void svg_pathParsedBack_equalsTheModulesWithMaximalRuns(
      String label, String text, ErrorCorrection level) {
    QrRenderer renderer =
        QrRenderer.of(QrOptions.builder().errorCorrection(level).quietZone(3).build());
    QrCode code = renderer.encode(text);

    boolean[][] parsed = parsePath(renderer.svg(code), code.size() + 6);

    for (int y = 0; y < code.size() + 6; y++) {
      for (int x = 0; x < code.size() + 6; x++) {
        int mx = x - 3;
        int my = y - 3;
        boolean dark =
            mx >= 0 && my >= 0 && mx < code.size() && my < code.size() && code.isDark(mx, my);
        assertThat(parsed[y][x]).as("module (%d, %d)", mx, my).isEqualTo(dark);
      }
    }
  }

  @Test
  void svg_defaults_haveViewBoxPixelSizeCrispEdgesAndOnePath() {
    QrCode code = QrCode.encode(TestTexts.TYPICAL);

    String svg = QrRenderer.defaults().svg(code);

    assertThat(svg)
        .startsWith(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 53 53\" width=\"318\""
                + " height=\"318\" shape-rendering=\"crispEdges\"><rect width=\"53\" height=\"53\""
                + " fill=\"#FFFFFF\"/><path fill=\"#000000\" d=\"M4 4h7v1h-7z")
        .endsWith("\"/></svg>\n")
        .doesNotContain("<title")
        .doesNotContain("role=");
    assertThat(svg.split("<path", -1)).hasSize(2);
    assertThat(svg.split("<rect", -1)).hasSize(2);
  }

  @Test
  void svg_withoutPixelSize_hasNoWidthOrHeightAndStillDecodesAtAnyScale() throws Exception {
    QrRenderer renderer = QrRenderer.of(QrOptions.builder().svgPixelSize(false).build());

    String svg = renderer.svg(TestTexts.TYPICAL);

    assertThat(svg)
        .startsWith(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 53 53\""
                + " shape-rendering=\"crispEdges\"><rect");
    Path png =
        Decoders.rasterise(
            Decoders.write(dir, "scalable.svg", svg.getBytes(StandardCharsets.UTF_8)), 500);
    assertThat(Decoders.zbar(png)).isEqualTo(TestTexts.TYPICAL);
  }

  @Test
  void svg_title_isEscapedWellFormedXmlWithRoleImg() throws Exception {
    String title = "QR code for \"Tom & Jerry's\" <Portal> \u00e9\ud83d\udcf7";
    QrRenderer renderer = QrRenderer.of(QrOptions.builder().svgTitle(title).build());

    String svg = renderer.svg(TestTexts.TYPICAL);

    assertThat(svg)
        .contains(
            " role=\"img\"><title>QR code for &quot;Tom &amp; Jerry&apos;s&quot; &lt;Portal&gt;"
                + " \u00e9\ud83d\udcf7</title><rect");
    Document document = parse(svg);
    Element root = document.getDocumentElement();
    assertThat(root.getLocalName()).isEqualTo("svg");
    assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
    assertThat(
            root.getElementsByTagNameNS("http://www.w3.org/2000/svg", "title")
                .item(0)
                .getTextContent())
        .isEqualTo(title);
    assertThat(root.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path").getLength())
        .isEqualTo(1);
  }

  @Test
  void svg_customColors_fillPathAndBackgroundAndStillDecode() throws Exception {
    QrRenderer renderer =
        QrRenderer.of(
            QrOptions.builder()
                .foreground(QrColor.parse("#1b2a4e"))
                .background(QrColor.parse("#fff8e7"))
                .build());

    String svg = renderer.svg(TestTexts.NON_ASCII);

    assertThat(svg).contains("fill=\"#FFF8E7\"/><path fill=\"#1B2A4E\" d=\"");
    Path png =
        Decoders.rasterise(
            Decoders.write(dir, "colors.svg", svg.getBytes(StandardCharsets.UTF_8)), 0);
    assertThat(Decoders.zbar(png)).isEqualTo(TestTexts.NON_ASCII);
  }

  @Test
  void svg_anyText_neverContainsThePayloadAsText() throws Exception {
    for (String text : TestTexts.ALL) {
      String svg =
          QrRenderer.of(QrOptions.builder().svgTitle("QR code for Photo Portal").build()).svg(text);
      String secret = text.replaceAll(".*secret=([A-Z2-7]+).*", "$1");
      assertThat(secret).hasSizeGreaterThanOrEqualTo(32);

      assertThat(svg)
          .doesNotContain("otpauth")
          .doesNotContain("secret")
          .doesNotContain(secret)
          .doesNotContain(secret.substring(0, 8))
          .doesNotContain("alice")
          .doesNotContain("j\u00fcrgen")
          .doesNotContain("issuer");
      assertThat(parse(svg).getDocumentElement().getNodeName()).isEqualTo("svg");
    }
  }

  @Test
  void svg_zeroQuietZone_viewBoxIsTheSymbol() {
    QrRenderer renderer = QrRenderer.of(QrOptions.builder().quietZone(0).moduleSize(2).build());

    String svg = renderer.svg(TestTexts.TYPICAL);

    assertThat(svg)
        .contains("viewBox=\"0 0 45 45\" width=\"90\" height=\"90\"")
        .contains("d=\"M0 0h7v1h-7z");
  }

  private static Document parse(String svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Replays the path data as SVG defines it (absolute M, relative m from the start of the previous
   * closed sub-path) and paints the unit squares each run covers; fails on overlaps and on runs
   * that touch in one row (they should have been merged).
   */
  private static boolean[][] parsePath(String svg, int modules) {
    Matcher data = PATH_DATA.matcher(svg);
    assertThat(data.find()).as("path data").isTrue();
    String d = data.group(1);
    boolean[][] grid = new boolean[modules][modules];
    Matcher run = RUN.matcher(d);
    int position = 0;
    int x = 0;
    int y = 0;
    while (position < d.length()) {
      assertThat(run.find(position) && run.start() == position)
          .as("a run at offset %d of the path data", position)
          .isTrue();
      int dx = Integer.parseInt(run.group(2));
      int dy = Integer.parseInt(run.group(3));
      if (run.group(1).equals("M")) {
        assertThat(position).as("absolute move only first").isZero();
        x = dx;
        y = dy;
      } else {
        assertThat(position).as("relative move not first").isPositive();
        x += dx;
        y += dy;
      }
      int length = Integer.parseInt(run.group(4));
      assertThat(run.group(5)).isEqualTo(run.group(4));
      assertThat(length).isPositive();
      for (int i = x; i < x + length; i++) {
        assertThat(grid[y][i]).as("module (%d, %d) painted once", i, y).isFalse();
        grid[y][i] = true;
      }
      if (x > 0) {
        assertThat(grid[y][x - 1])
            .as("run at (%d, %d) merged with its left neighbour", x, y)
            .isFalse();
      }
      if (x + length < modules) {
        assertThat(grid[y][x + length]).as("run at (%d, %d) merged with its right", x, y).isFalse();
      }
      position = run.end();
    }
    return grid;
  }
}

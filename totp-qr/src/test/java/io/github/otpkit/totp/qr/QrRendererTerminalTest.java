package io.github.otpkit.totp.qr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class QrRendererTerminalTest {
  private static final char UPPER = '\u2580';
  private static final char LOWER = '\u2584';
  private static final char FULL = '\u2588';

  static List<Arguments> textsLevelsAndModes() {
    List<Arguments> arguments = new ArrayList<>();
    for (String text : TestTexts.ALL) {
      for (ErrorCorrection level : ErrorCorrection.values()) {
        for (boolean inverted : new boolean[] {false, true}) {
          arguments.add(Arguments.of(TestTexts.label(text), text, level, inverted));
        }
      }
    }
    return arguments;
  }

  @ParameterizedTest(name = "{0} at {2}, inverted {3}")
  @MethodSource("textsLevelsAndModes")
  void terminal_parsedBackIntoModules_equalsTheMatrixAndDecodesToTheText(
      String label, String text, ErrorCorrection level, boolean inverted) throws Exception {
    QrRenderer renderer =
        QrRenderer.of(
            QrOptions.builder().errorCorrection(level).terminalInverted(inverted).build());
    QrCode code = renderer.encode(text);

    boolean[][] dark = parse(renderer.terminal(code), inverted);

    int quiet = QrOptions.DEFAULT_QUIET_ZONE;
    int modules = code.size() + 2 * quiet;
    assertThat(dark).as("rows, padded to even").hasNumberOfRows(modules + 1);
    boolean[][] symbol = new boolean[code.size()][code.size()];
    for (int y = 0; y < modules + 1; y++) {
      assertThat(dark[y]).hasSize(modules);
      for (int x = 0; x < modules; x++) {
        int mx = x - quiet;
        int my = y - quiet;
        boolean inside = mx >= 0 && my >= 0 && mx < code.size() && my < code.size();
        boolean expected = inside && code.isDark(mx, my);
        assertThat(dark[y][x]).as("module (%d, %d)", mx, my).isEqualTo(expected);
        if (inside) {
          symbol[my][mx] = dark[y][x];
        }
      }
    }
    assertThat(Decoders.zxingFromModules(symbol).getText()).isEqualTo(text);
  }

  @Test
  void terminal_typicalUri_hasHalfAsManyLinesAsRowsAndOnlyBlockCharacters() {
    String text = QrRenderer.defaults().terminal(TestTexts.TYPICAL);

    String[] lines = text.split("\n", -1);
    assertThat(text).endsWith("\n");
    assertThat(lines).hasSize(27 + 1); // 53 rows in 27 lines, then the empty rest after the last \n
    assertThat(lines[27]).isEmpty();
    for (int i = 0; i < 27; i++) {
      assertThat(lines[i]).hasSize(53).matches("[ \u2580\u2584\u2588]+");
    }
    assertThat(lines[0]).isBlank();
    assertThat(lines[1]).isBlank();
    // row 4 is the top of the finder patterns: the line of rows 4 and 5 starts with 4 spaces
    assertThat(lines[2]).startsWith("    " + FULL + UPPER + UPPER + UPPER + UPPER + UPPER + FULL);
    // rows 52 (quiet zone) and the padding half row are light
    assertThat(lines[26]).isBlank();
  }

  @Test
  void terminal_inverted_isTheCellByCellComplementOfNormal() {
    QrCode code = QrCode.encode(TestTexts.LONG);
    String normal = QrRenderer.defaults().terminal(code);
    String inverted =
        QrRenderer.of(QrOptions.builder().terminalInverted(true).build()).terminal(code);

    assertThat(inverted).hasSameSizeAs(normal);
    for (int i = 0; i < normal.length(); i++) {
      char c = normal.charAt(i);
      char expected =
          switch (c) {
            case ' ' -> FULL;
            case FULL -> ' ';
            case UPPER -> LOWER;
            case LOWER -> UPPER;
            default -> c;
          };
      assertThat(inverted.charAt(i)).as("character %d", i).isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "quiet zone {0}")
  @CsvSource({"0", "1", "2", "16"})
  void terminal_anyQuietZone_drawsItLightAndPadsTheLastHalfRowLight(int quietZone)
      throws Exception {
    for (boolean inverted : new boolean[] {false, true}) {
      QrRenderer renderer =
          QrRenderer.of(
              QrOptions.builder().quietZone(quietZone).terminalInverted(inverted).build());
      QrCode code = renderer.encode(TestTexts.TYPICAL);

      boolean[][] dark = parse(renderer.terminal(code), inverted);

      int modules = code.size() + 2 * quietZone;
      assertThat(dark).hasNumberOfRows(modules + 1);
      for (int x = 0; x < modules; x++) {
        assertThat(dark[modules][x]).as("padding half row").isFalse();
        for (int q = 0; q < quietZone; q++) {
          assertThat(
                  dark[q][x] || dark[modules - 1 - q][x] || dark[x][q] || dark[x][modules - 1 - q])
              .as("quiet zone")
              .isFalse();
        }
      }
    }
  }

  /**
   * Reads terminal text back into module rows: each character holds an upper and a lower module;
   * block characters are ink, which marks dark modules, or light ones when inverted.
   */
  static boolean[][] parse(String text, boolean inverted) {
    assertThat(text).endsWith("\n");
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    boolean[][] rows = new boolean[2 * lines.length][];
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      assertThat(line).as("line %d width", i).hasSize(lines[0].length());
      boolean[] top = new boolean[line.length()];
      boolean[] bottom = new boolean[line.length()];
      for (int x = 0; x < line.length(); x++) {
        char c = line.charAt(x);
        boolean inkTop;
        boolean inkBottom;
        switch (c) {
          case ' ' -> {
            inkTop = false;
            inkBottom = false;
          }
          case UPPER -> {
            inkTop = true;
            inkBottom = false;
          }
          case LOWER -> {
            inkTop = false;
            inkBottom = true;
          }
          case FULL -> {
            inkTop = true;
            inkBottom = true;
          }
          default -> throw new AssertionError("unexpected character U+" + Integer.toHexString(c));
        }
        top[x] = inkTop != inverted;
        bottom[x] = inkBottom != inverted;
      }
      rows[2 * i] = top;
      rows[2 * i + 1] = bottom;
    }
    return rows;
  }
}

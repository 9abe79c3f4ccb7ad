package io.github.otpkit.totp.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.testsupport.Requirements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link QrScanner} reads the QR codes of an encoder that shares no code with otpkit: qrencode
 * (Debian package {@code qrencode}), as PNG at every error-correction level with several module
 * sizes and margins, and as SVG in its three styles (one rect per module, run-length rects, one
 * stroked path).
 *
 * <p>Without qrencode the tests are skipped, except when the environment variable {@code CI} is
 * set: then they fail, so that CI cannot pass without this check ({@link Requirements}).
 */
class QrencodeCrossCheckTest {
  static final String URI =
      "otpauth://totp/Photo%20Portal:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
          + "&issuer=Photo%20Portal";

  private static Path qrencode = Path.of("qrencode");

  @TempDir Path dir;

  @BeforeAll
  static void requireQrencode() {
    qrencode = Requirements.tool("qrencode", "qrencode");
  }

  /** Runs qrencode with the text on standard input and returns the file it wrote. */
  private Path qrencode(String text, String file, String... options) throws Exception {
    Path out = dir.resolve(file);
    List<String> command = new ArrayList<>(List.of(qrencode.toString(), "-o", out.toString()));
    command.addAll(List.of(options));
    Path errors = dir.resolve(file + ".err");
    Path input = Files.write(dir.resolve(file + ".in"), text.getBytes(StandardCharsets.UTF_8));
    Process process =
        new ProcessBuilder(command)
            .redirectInput(input.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(errors.toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("qrencode finished").isTrue();
    assertThat(process.exitValue())
        .as("qrencode %s: %s", command, Files.readString(errors))
        .isZero();
    return out;
  }

  static List<Arguments> levelsSizesAndMargins() {
    List<Arguments> arguments = new ArrayList<>();
    for (String level : List.of("L", "M", "Q", "H")) {
      for (int size : new int[] {1, 2, 3, 4, 6, 10}) {
        for (int margin : new int[] {0, 1, 2, 4, 8}) {
          arguments.add(Arguments.of(level, size, margin));
        }
      }
    }
    return arguments;
  }

  @ParameterizedTest(name = "level {0}, {1} px per module, margin {2}")
  @MethodSource("levelsSizesAndMargins")
  void png_everyLevelSizeAndMargin(String level, int size, int margin) throws Exception {
    Path png =
        qrencode(
            URI,
            "code.png",
            "-t",
            "PNG",
            "-l",
            level,
            "-s",
            String.valueOf(size),
            "-m",
            String.valueOf(margin));

    assertThat(QrScanner.read(png)).isEqualTo(URI);
  }

  @ParameterizedTest
  @ValueSource(strings = {"L", "M", "Q", "H"})
  void png32WithTransparentBackground(String level) throws Exception {
    Path png = qrencode(URI, "code.png", "-t", "PNG32", "-l", level, "--background=FFFFFF00");

    assertThat(QrScanner.read(png)).isEqualTo(URI);
  }

  static List<Arguments> svgStyles() {
    List<Arguments> arguments = new ArrayList<>();
    for (String level : List.of("L", "M", "Q", "H")) {
      arguments.add(Arguments.of(level, "rects", List.of()));
      arguments.add(Arguments.of(level, "run-length rects", List.of("--rle")));
      arguments.add(Arguments.of(level, "one stroked path", List.of("--svg-path")));
      arguments.add(
          Arguments.of(level, "inline, coloured", List.of("--inline", "--foreground=1B2A4E")));
    }
    return arguments;
  }

  @ParameterizedTest(name = "level {0}, {1}")
  @MethodSource("svgStyles")
  void svg_everyStyle(String level, String style, List<String> options) throws Exception {
    List<String> arguments = new ArrayList<>(List.of("-t", "SVG", "-l", level));
    arguments.addAll(options);
    Path svg = qrencode(URI, "code.svg", arguments.toArray(String[]::new));

    assertThat(QrScanner.read(svg)).isEqualTo(URI);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PNG", "SVG"})
  void eightBitModeWithoutEci_isReadAsUtf8(String type) throws Exception {
    String text = "otpauth://totp/Café:jürgen?secret=GEZDGNBVGY3TQOJQ&issuer=Café";
    Path file = qrencode(text, "code." + type.toLowerCase(java.util.Locale.ROOT), "-t", type, "-8");

    assertThat(QrScanner.read(file)).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PNG", "SVG"})
  void virtualAuthenticator_scansQrencodesCode(String type) throws Exception {
    Path file = qrencode(URI, "code." + type.toLowerCase(java.util.Locale.ROOT), "-t", type);

    assertThat(VirtualAuthenticator.scan(file).uri().orElseThrow().account())
        .isEqualTo("alice@example.com");
  }
}

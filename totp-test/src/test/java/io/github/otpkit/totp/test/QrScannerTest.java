package io.github.otpkit.totp.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.OtpSecret;
import io.github.otpkit.totp.qr.ErrorCorrection;
import io.github.otpkit.totp.qr.PngFormat;
import io.github.otpkit.totp.qr.QrCode;
import io.github.otpkit.totp.qr.QrColor;
import io.github.otpkit.totp.qr.QrOptions;
import io.github.otpkit.totp.qr.QrRenderer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link QrScanner}: the images that totp-qr writes, other formats, and clear refusals. */
class QrScannerTest {
  static final String URI =
      OtpAuthUri.totp(
              OtpSecret.fromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
              "Photo Portal",
              "alice@example.com")
          .build()
          .revealUriString();

  @TempDir Path dir;

  private static QrRenderer renderer(ErrorCorrection level, int moduleSize, int quietZone) {
    return QrRenderer.of(
        QrOptions.builder()
            .errorCorrection(level)
            .moduleSize(moduleSize)
            .quietZone(quietZone)
            .build());
  }

  static List<Arguments> levelsAndModuleSizes() {
    List<Arguments> arguments = new ArrayList<>();
    for (ErrorCorrection level : ErrorCorrection.values()) {
      for (int size = QrOptions.MIN_MODULE_SIZE; size <= QrOptions.MAX_MODULE_SIZE; size++) {
        arguments.add(Arguments.of(level, size));
      }
    }
    return arguments;
  }

  @ParameterizedTest(name = "level {0}, {1} px per module")
  @MethodSource("levelsAndModuleSizes")
  @Tag("integration") // 256 images up to 3000 x 3000 pixels: too slow to repeat for PIT's mutants
  void read_totpQrPng_everyLevelAndModuleSize(ErrorCorrection level, int moduleSize) {
    byte[] png = renderer(level, moduleSize, QrOptions.DEFAULT_QUIET_ZONE).png(URI);

    assertThat(QrScanner.read(png)).isEqualTo(URI);
  }

  static List<Arguments> levelsAndQuietZones() {
    List<Arguments> arguments = new ArrayList<>();
    for (ErrorCorrection level : ErrorCorrection.values()) {
      for (int quiet = QrOptions.MIN_QUIET_ZONE; quiet <= QrOptions.MAX_QUIET_ZONE; quiet++) {
        for (int moduleSize : new int[] {1, 2, 6}) {
          arguments.add(Arguments.of(level, quiet, moduleSize));
        }
      }
    }
    return arguments;
  }

  @ParameterizedTest(name = "level {0}, quiet zone {1}, {2} px per module")
  @MethodSource("levelsAndQuietZones")
  @Tag("integration") // 204 images: too slow to repeat for PIT's mutants
  void read_totpQrPng_everyQuietZone(ErrorCorrection level, int quietZone, int moduleSize) {
    byte[] png = renderer(level, moduleSize, quietZone).png(URI);

    assertThat(QrScanner.read(png)).isEqualTo(URI);
  }

  @Test
  void read_colouredPalettePngAndGreyscalePng() {
    QrRenderer coloured =
        QrRenderer.of(
            QrOptions.builder()
                .foreground(QrColor.parse("#1B2A4E"))
                .background(QrColor.parse("#FFF8E7"))
                .build());
    QrRenderer greyscale =
        QrRenderer.of(QrOptions.builder().pngFormat(PngFormat.GREYSCALE).build());

    assertThat(QrScanner.read(coloured.png(URI))).isEqualTo(URI);
    assertThat(QrScanner.read(greyscale.png(URI))).isEqualTo(URI);
  }

  @Test
  void read_nonAsciiText_isItsUtf8Text() {
    String text = "otpauth://totp/Café:jürgen?secret=GEZDGNBVGY3TQOJQ&issuer=Café ✓";

    assertThat(QrScanner.read(QrRenderer.defaults().png(text))).isEqualTo(text);
  }

  /** Draws a code with ImageIO's help: any colours, alpha, and any format ImageIO writes. */
  static BufferedImage draw(String text, int moduleSize, int quiet, int dark, int light) {
    QrCode code = QrCode.encode(text);
    int side = (code.size() + 2 * quiet) * moduleSize;
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int mx = x / moduleSize - quiet;
        int my = y / moduleSize - quiet;
        boolean isDark =
            mx >= 0 && my >= 0 && mx < code.size() && my < code.size() && code.isDark(mx, my);
        image.setRGB(x, y, isDark ? dark : light);
      }
    }
    return image;
  }

  static byte[] encode(BufferedImage image, String format) throws Exception {
    BufferedImage target = image;
    if (!format.equals("png")) {
      // JPEG and BMP have no alpha channel.
      target = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
      target.getGraphics().drawImage(image, 0, 0, null);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(target, format, out)).as("ImageIO writes %s", format).isTrue();
    return out.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jpg", "gif", "bmp", "tiff"})
  void read_otherImageFormats(String format) throws Exception {
    byte[] image = encode(draw(URI, 4, 4, 0xFF000000, 0xFFFFFFFF), format);

    assertThat(QrScanner.read(image)).isEqualTo(URI);
  }

  @Test
  void read_transparentBackground_countsAsWhite() throws Exception {
    // Light modules fully transparent, with black as their colour: read as black they would
    // leave no code at all.
    byte[] png = encode(draw(URI, 4, 4, 0xFF000000, 0x00000000), "png");

    assertThat(QrScanner.read(png)).isEqualTo(URI);
  }

  @Test
  void read_lightModulesOnDarkBackground_isReadInverted() throws Exception {
    byte[] png = encode(draw(URI, 4, 4, 0xFFFFFFFF, 0xFF000000), "png");

    assertThat(QrScanner.read(png)).isEqualTo(URI);
  }

  @Test
  void read_imageWithoutQrCode_saysSoWithItsSize() throws Exception {
    BufferedImage blank = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 120; x++) {
      for (int y = 0; y < 80; y++) {
        blank.setRGB(x, y, (x / 10 + y / 10) % 2 == 0 ? 0xFFFFFF : 0x000000);
      }
    }
    byte[] png = encode(blank, "png");

    assertThatThrownBy(() -> QrScanner.read(png))
        .isInstanceOf(QrScanException.class)
        .hasMessage("no QR code found in the image (120 x 80 pixels)");
  }

  @Test
  void read_damagedQrCode_saysItWasFoundButCannotBeDecoded() throws Exception {
    // The finder patterns in three corners intact, the modules between them noise: a code is
    // found, and its data is beyond repair.
    int moduleSize = 4;
    int quiet = 4;
    BufferedImage image = draw(URI, moduleSize, quiet, 0xFF000000, 0xFFFFFFFF);
    int modules = image.getWidth() / moduleSize - 2 * quiet;
    java.util.SplittableRandom random = new java.util.SplittableRandom(20261128);
    for (int my = 9; my < modules - 9; my++) {
      for (int mx = 9; mx < modules - 9; mx++) {
        int colour = random.nextBoolean() ? 0xFF000000 : 0xFFFFFFFF;
        for (int dy = 0; dy < moduleSize; dy++) {
          for (int dx = 0; dx < moduleSize; dx++) {
            image.setRGB((mx + quiet) * moduleSize + dx, (my + quiet) * moduleSize + dy, colour);
          }
        }
      }
    }

    assertThatThrownBy(() -> QrScanner.read(encode(image, "png")))
        .isInstanceOf(QrScanException.class)
        .hasMessageStartingWith("a QR code was found in the image (")
        .hasMessageEndingWith(
            " pixels) but cannot be decoded: it is damaged, blurred or too small");
  }

  @Test
  void read_bytesThatAreNoImage_sayWhatIsRead() {
    assertThatThrownBy(() -> QrScanner.read("hello, world".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(QrScanException.class)
        .hasMessage(
            "not an image that can be read (PNG, JPEG, GIF, BMP or TIFF) nor an SVG document");
    assertThatThrownBy(() -> QrScanner.read(new byte[0]))
        .isInstanceOf(QrScanException.class)
        .hasMessage(
            "not an image that can be read (PNG, JPEG, GIF, BMP or TIFF) nor an SVG document");
  }

  @Test
  void read_truncatedPng_isDamaged() {
    byte[] png = QrRenderer.defaults().png(URI);
    byte[] truncated = java.util.Arrays.copyOf(png, png.length / 2);

    assertThatThrownBy(() -> QrScanner.read(truncated))
        .isInstanceOf(QrScanException.class)
        .hasMessage("the PNG image is damaged or truncated");
  }

  /** A PNG signature and a valid IHDR chunk claiming the given size, and nothing else. */
  static byte[] pngHeader(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height);
    ihdr.put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
    png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    png.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
    return png.array();
  }

  @Test
  void read_hugeImage_isRefusedBeforeDecoding() {
    assertThatThrownBy(() -> QrScanner.read(pngHeader(10_000, 10_000)))
        .isInstanceOf(QrScanException.class)
        .hasMessage("the PNG image is 10000 x 10000 pixels; at most 50000000 pixels are read");
  }

  @Test
  void read_file_readsIt() throws Exception {
    Path file = Files.write(dir.resolve("qr.png"), QrRenderer.defaults().png(URI));

    assertThat(QrScanner.read(file)).isEqualTo(URI);
  }

  @Test
  void read_fileLargerThanTheLimit_isRefusedUnread() throws Exception {
    Path file = dir.resolve("big.png");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(QrScanner.MAX_FILE_BYTES + 1L);
    }

    assertThatThrownBy(() -> QrScanner.read(file))
        .isInstanceOf(QrScanException.class)
        .hasMessage("the file is larger than 67108864 bytes, too large for a QR code image");
  }

  @Test
  void read_missingFile_isAnIoException() {
    assertThatThrownBy(() -> QrScanner.read(dir.resolve("missing.png")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void readDataUri_pngAndSvgAsTotpQrWritesThem() {
    assertThat(QrScanner.readDataUri(QrRenderer.defaults().pngDataUri(URI))).isEqualTo(URI);
    assertThat(QrScanner.readDataUri(QrRenderer.defaults().svgDataUri(URI))).isEqualTo(URI);
  }

  @Test
  void readDataUri_base64WithLineBreaksAndUpperCaseScheme() {
    String base64 = Base64.getMimeEncoder().encodeToString(QrRenderer.defaults().png(URI));
    assertThat(base64).contains("\r\n");

    assertThat(QrScanner.readDataUri("DATA:image/png;base64," + base64)).isEqualTo(URI);
  }

  @Test
  void readDataUri_percentEncodedSvg() {
    String svg = QrRenderer.defaults().svg(URI);
    String encoded =
        svg.replace("%", "%25").replace("<", "%3C").replace(">", "%3E").replace("\"", "%22");

    assertThat(QrScanner.readDataUri("data:image/svg+xml;charset=utf-8," + encoded)).isEqualTo(URI);
  }

  @Test
  void readDataUri_refusals_sayWhatIsWrong() {
    assertThatThrownBy(() -> QrScanner.readDataUri("https://example.com/qr.png"))
        .isInstanceOf(QrScanException.class)
        .hasMessage("not a data: URI");
    assertThatThrownBy(() -> QrScanner.readDataUri("data:image/png;base64"))
        .isInstanceOf(QrScanException.class)
        .hasMessage("the data: URI has no comma before its data");
    assertThatThrownBy(() -> QrScanner.readDataUri("data:text/html;base64,PGI+"))
        .isInstanceOf(QrScanException.class)
        .hasMessage("the data: URI holds text/html, not an image");
    assertThatThrownBy(() -> QrScanner.readDataUri("data:,hello"))
        .isInstanceOf(QrScanException.class)
        .hasMessage("the data: URI holds text/plain, not an image");
    assertThatThrownBy(() -> QrScanner.readDataUri("data:x<y>/z,hello"))
        .isInstanceOf(QrScanException.class)
        .hasMessage("the data: URI holds something, not an image");
    assertThatThrownBy(() -> QrScanner.readDataUri("data:image/png;base64,iVBOR*w0K"))
        .isInstanceOf(QrScanException.class)
        .hasMessage("the data: URI's Base64 is invalid");
    assertThatThrownBy(() -> QrScanner.readDataUri("data:image/svg+xml,%3Csvg%2"))
        .isInstanceOf(QrScanException.class)
        .hasMessage("the data: URI has an invalid percent-encoding at position 7 of its data");
  }

  @ParameterizedTest
  @EnumSource(ErrorCorrection.class)
  void read_totpQrSvg_everyLevel(ErrorCorrection level) {
    String svg = renderer(level, 6, 4).svg(URI);

    assertThat(QrScanner.read(svg.getBytes(StandardCharsets.UTF_8))).isEqualTo(URI);
  }

  @Test
  void read_totpQrSvg_withTitleColoursNoQuietZoneAndPixelSize() {
    QrRenderer renderer =
        QrRenderer.of(
            QrOptions.builder()
                .quietZone(0)
                .svgTitle("QR code for Photo Portal")
                .svgPixelSize(true)
                .foreground(QrColor.parse("#1B2A4E"))
                .background(QrColor.parse("#FFF8E7"))
                .build());

    assertThat(QrScanner.read(renderer.svg(URI).getBytes(StandardCharsets.UTF_8))).isEqualTo(URI);
  }
}

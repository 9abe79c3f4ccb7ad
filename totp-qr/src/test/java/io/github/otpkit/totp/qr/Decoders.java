package io.github.otpkit.totp.qr;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.DecoderResult;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.decoder.Decoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;

/** Independent ways to read a QR code back: zxing's reader, zxing's decoder, zbarimg. */
final class Decoders {
  private Decoders() {}

  /** Decodes a PNG file with ImageIO and zxing's QRCodeReader (detector, binariser and all). */
  static Result zxingFromPng(byte[] png) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image).as("ImageIO reads the PNG").isNotNull();
    return zxingFromImage(image);
  }

  /** Decodes a picture with zxing's QRCodeReader. */
  static Result zxingFromImage(BufferedImage image) throws Exception {
    int width = image.getWidth();
    int height = image.getHeight();
    int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
    BinaryBitmap bitmap =
        new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
    return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
  }

  /** Decodes a module grid (no quiet zone) with zxing's decoder, bypassing image detection. */
  static DecoderResult zxingFromModules(boolean[][] darkByRow) throws Exception {
    int size = darkByRow.length;
    BitMatrix matrix = new BitMatrix(size);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        if (darkByRow[y][x]) {
          matrix.set(x, y);
        }
      }
    }
    return new Decoder().decode(matrix);
  }

  /** Returns the modules of a code as a grid, row by row. */
  static boolean[][] modules(QrCode code) {
    boolean[][] grid = new boolean[code.size()][code.size()];
    for (int y = 0; y < code.size(); y++) {
      for (int x = 0; x < code.size(); x++) {
        grid[y][x] = code.isDark(x, y);
      }
    }
    return grid;
  }

  /**
   * Decodes an image file with zbarimg and returns the text: zbar applies the ECI charset and ends
   * its output with one line feed, which is removed (a payload's own line feeds stay).
   */
  static String zbar(Path image) throws Exception {
    ExternalTool.Result result =
        ExternalTool.ZBARIMG.run(directoryOf(image), "--raw", "-q", image.toString());
    assertThat(result.exitCode()).as("zbarimg exit code, stderr: %s", result.stderr()).isZero();
    String text = new String(result.stdout(), StandardCharsets.UTF_8);
    assertThat(text).as("zbarimg output ends with a line feed").endsWith("\n");
    return text.substring(0, text.length() - 1);
  }

  /** Decodes an image file with zbarimg in binary mode: the payload bytes exactly. */
  static byte[] zbarBinary(Path image) throws Exception {
    ExternalTool.Result result =
        ExternalTool.ZBARIMG.run(directoryOf(image), "--raw", "-q", "-Sbinary", image.toString());
    assertThat(result.exitCode()).as("zbarimg exit code, stderr: %s", result.stderr()).isZero();
    return result.stdout();
  }

  /** Rasterises an SVG file to PNG with rsvg-convert at its own size, or at a given width. */
  static Path rasterise(Path svg, int widthOrZero) throws Exception {
    Path png = svg.resolveSibling(svg.getFileName() + ".png");
    ExternalTool.Result result =
        widthOrZero > 0
            ? ExternalTool.RSVG_CONVERT.run(
                directoryOf(svg),
                "-w",
                Integer.toString(widthOrZero),
                "-o",
                png.toString(),
                svg.toString())
            : ExternalTool.RSVG_CONVERT.run(directoryOf(svg), "-o", png.toString(), svg.toString());
    assertThat(result.exitCode())
        .as("rsvg-convert exit code, stderr: %s", result.stderr())
        .isZero();
    return png;
  }

  private static Path directoryOf(Path file) {
    return Objects.requireNonNull(file.toAbsolutePath().getParent(), "parent");
  }

  /** Writes bytes to a file in the directory and returns its path. */
  static Path write(Path directory, String name, byte[] content) throws IOException {
    return Files.write(directory.resolve(name), content);
  }
}

package io.github.otpkit.totp.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.decoder.Decoder;
import io.github.otpkit.totp.testsupport.Requirements;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Reads QR codes back with decoders that are not ours: zxing's reader on pixels (PNG through
 * ImageIO, SVG rasterised by rsvg-convert), zxing's decoder on the modules of terminal text, and
 * zbarimg on image files. Test code only: ImageIO is fine here, the portal and the CLI never use
 * it.
 */
public final class QrDecoding {
  private QrDecoding() {}

  /**
   * Decodes a PNG image with zxing's QR reader (detection, binarisation and all).
   *
   * @param png the image
   * @return the text
   * @throws Exception if there is no readable code
   */
  public static String fromPng(byte[] png) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image).as("ImageIO reads the PNG").isNotNull();
    int width = image.getWidth();
    int height = image.getHeight();
    int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
    BinaryBitmap bitmap =
        new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
    return new QRCodeReader()
        .decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE))
        .getText();
  }

  /**
   * Decodes terminal text drawn with half blocks: each character is two modules, one above the
   * other ({@code █} both, {@code ▀} the upper, {@code ▄} the lower, a space neither).
   *
   * @param text the lines
   * @param inverted whether the blocks draw light modules (for dark terminals)
   * @return the text of the code
   * @throws Exception if there is no readable code
   */
  public static String fromTerminal(String text, boolean inverted) throws Exception {
    List<boolean[]> rows = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      boolean[] top = new boolean[line.length()];
      boolean[] bottom = new boolean[line.length()];
      for (int x = 0; x < line.length(); x++) {
        char c = line.charAt(x);
        boolean inkTop = c == '█' || c == '▀';
        boolean inkBottom = c == '█' || c == '▄';
        assertThat(c).as("a half-block character").isIn('█', '▀', '▄', ' ');
        top[x] = inkTop != inverted;
        bottom[x] = inkBottom != inverted;
      }
      rows.add(top);
      rows.add(bottom);
    }
    // The dark modules' bounding box is the symbol: finder patterns sit in three corners.
    int minX = Integer.MAX_VALUE;
    int minY = Integer.MAX_VALUE;
    int maxX = -1;
    int maxY = -1;
    for (int y = 0; y < rows.size(); y++) {
      boolean[] row = rows.get(y);
      for (int x = 0; x < row.length; x++) {
        if (row[x]) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
      }
    }
    int size = maxX - minX + 1;
    assertThat(maxY - minY + 1).as("a square symbol").isEqualTo(size);
    BitMatrix matrix = new BitMatrix(size);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        if (rows.get(minY + y)[minX + x]) {
          matrix.set(x, y);
        }
      }
    }
    return new Decoder().decode(matrix).getText();
  }

  /**
   * Rasterises an SVG document with rsvg-convert and decodes the PNG.
   *
   * @param svg the document
   * @param work a folder for the files
   * @return the text
   * @throws Exception if there is no readable code or rsvg-convert is missing (in CI)
   */
  public static String fromSvg(byte[] svg, Path work) throws Exception {
    Path rsvg = Requirements.tool("/usr/bin/rsvg-convert", "librsvg2-bin");
    Path in = Files.write(Files.createTempFile(work, "qr", ".svg"), svg);
    Path out = in.resolveSibling(in.getFileName() + ".png");
    run(List.of(rsvg.toString(), "-w", "400", "-o", out.toString(), in.toString()));
    return fromPng(Files.readAllBytes(out));
  }

  /**
   * Decodes an image file with zbarimg, an implementation that shares no code with zxing.
   *
   * @param image a PNG file
   * @return the text, as zbarimg prints it without its final line feed
   * @throws Exception if there is no readable code or zbarimg is missing (in CI)
   */
  public static String withZbar(Path image) throws Exception {
    Path zbarimg = Requirements.tool("/usr/bin/zbarimg", "zbar-tools");
    String out = run(List.of(zbarimg.toString(), "--raw", "-q", image.toString()));
    assertThat(out).endsWith("\n");
    return out.substring(0, out.length() - 1);
  }

  /** Runs a tool and returns its standard output; standard error only goes into failures. */
  private static String run(List<String> command) throws Exception {
    // zbarimg writes D-Bus noise on standard error where there is no system bus.
    Path errors = Files.createTempFile("otpkit-decoder", ".err");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.to(errors.toFile()))
              .start();
      byte[] output = process.getInputStream().readAllBytes();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command.get(0)).isTrue();
      assertThat(process.exitValue())
          .as("%s exit status, standard error: %s", command.get(0), Files.readString(errors))
          .isZero();
      return new String(output, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(errors);
    }
  }
}

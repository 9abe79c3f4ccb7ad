package io.github.otpkit.totp.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;

/** Reads a QR code back as a phone does: pixels through ImageIO, then zxing's reader. */
final class QrDecoding {
  private static final String PNG_DATA_URI = "data:image/png;base64,";

  private QrDecoding() {}

  /** Decodes the PNG of a {@code data:image/png;base64,} URI. */
  static String fromPngDataUri(String dataUri) throws Exception {
    assertThat(dataUri).startsWith(PNG_DATA_URI);
    byte[] png = Base64.getDecoder().decode(dataUri.substring(PNG_DATA_URI.length()));
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
}

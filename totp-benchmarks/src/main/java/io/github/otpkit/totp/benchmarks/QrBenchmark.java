package io.github.otpkit.totp.benchmarks;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.QrGenerationException;
import dev.samstevens.totp.qr.QrData;
import dev.samstevens.totp.qr.ZxingPngQrGenerator;
import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.qr.QrCode;
import io.github.otpkit.totp.qr.QrRenderer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * QR code of a typical otpauth URI ({@link Fixtures#URI}, 111 characters: version 7, 45 x 45
 * modules at level M): encoding, then PNG and SVG rendering at 6 pixels per module with a quiet
 * zone of 4 modules (318 x 318 pixels), otpkit against zxing's own {@code javase} path.
 *
 * <ul>
 *   <li>{@code encodeOtpkit}: {@link QrRenderer#encode}: zxing-core's {@code Encoder} (level M),
 *       the matrix copied into a bit set.
 *   <li>{@code encodeZxing}: zxing {@code QRCodeWriter.encode} with level M and margin 4 at 318 x
 *       318: the same {@code Encoder}, then the matrix scaled into a {@code BitMatrix}.
 *   <li>{@code pngOtpkit} / {@code svgOtpkit}: {@link QrRenderer#png(QrCode)} / {@link
 *       QrRenderer#svg(QrCode)} of a matrix encoded once (1-bit PNG written with {@code
 *       java.util.zip}; one SVG path).
 *   <li>{@code pngZxing}: {@code MatrixToImageWriter.writeToStream(BitMatrix, "PNG", out)} of the
 *       same matrix scaled once: a {@code BufferedImage} (1-bit for black on white), then ImageIO's
 *       PNG writer, with ImageIO's defaults (a disk cache for stream output).
 *   <li>{@code pngZxingNoCache}: the same with {@code ImageIO.setUseCache(false)}, zxing's best
 *       case.
 *   <li>{@code pngOtpkitFromUri} / {@code svgOtpkitFromUri}: end to end, from the {@link
 *       OtpAuthUri} that an enrollment page holds to PNG bytes / SVG text: {@link
 *       QrRenderer#png(OtpAuthUri)} / {@link QrRenderer#svg(OtpAuthUri)} (the URI's text, encoding,
 *       rendering).
 *   <li>{@code pngZxingFromUri}: the same end to end with zxing alone: the URI's text ({@link
 *       OtpAuthUri#revealUriString()}), {@code QRCodeWriter.encode} (level M, margin 4, 318 x 318),
 *       {@code MatrixToImageWriter.writeToStream} and ImageIO's PNG writer with its defaults. Same
 *       text, same matrix, same pixels (BenchmarkResultsTest checks them); what differs is how each
 *       writes the PNG: otpkit one 1-bit IDAT with its own filter choice and {@code java.util.zip},
 *       ImageIO a {@code BufferedImage} of {@code TYPE_BYTE_BINARY} through its generic writer, so
 *       the files differ in size and bytes but decode to the same image.
 *   <li>{@code pngZxingFromUriNoCache}: the same with {@code ImageIO.setUseCache(false)}, zxing's
 *       best case; the end-to-end target compares with the faster of the two.
 *   <li>{@code pngJavaTotp}: java-totp 1.7.1 {@code ZxingPngQrGenerator.generate(QrData)} at 318
 *       pixels, from its own {@code QrData} (its URI differs slightly: its label has no issuer
 *       prefix; zxing's default level L), for reference.
 * </ul>
 *
 * <p>zxing's PNG path needs {@code java.desktop}; the run uses {@code -Djava.awt.headless=true}.
 */
@Fork(
    value = 2,
    jvmArgsAppend = {
      AverageTimeBenchmark.HEAP_MIN,
      AverageTimeBenchmark.HEAP_MAX,
      "-Djava.awt.headless=true"
    })
public class QrBenchmark extends AverageTimeBenchmark {
  String text = Fixtures.URI;
  OtpAuthUri uri = OtpAuthUri.parse(Fixtures.URI);

  final QrRenderer renderer = QrRenderer.defaults();
  final QrCode code = renderer.encode(Fixtures.URI);
  final int pixels = renderer.pixelSize(code);

  final QRCodeWriter zxing = new QRCodeWriter();
  final Map<EncodeHintType, Object> hints =
      Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4);
  BitMatrix matrix = new BitMatrix(1);

  final ZxingPngQrGenerator javaTotp = new ZxingPngQrGenerator();
  final QrData javaTotpData =
      new QrData.Builder()
          .label("alice@example.com")
          .secret(Fixtures.SECRET_BASE32)
          .issuer("Photo Portal")
          .algorithm(HashingAlgorithm.SHA1)
          .digits(6)
          .period(30)
          .build();

  /** Encodes the zxing matrix once, for the render-only cases. */
  @Setup
  public void setUp() throws WriterException {
    matrix = encodeZxing();
    javaTotp.setImageSize(pixels);
  }

  @Benchmark
  public QrCode encodeOtpkit() {
    return renderer.encode(text);
  }

  @Benchmark
  public BitMatrix encodeZxing() throws WriterException {
    return zxing.encode(text, BarcodeFormat.QR_CODE, pixels, pixels, hints);
  }

  @Benchmark
  public byte[] pngOtpkit() {
    return renderer.png(code);
  }

  @Benchmark
  public byte[] pngZxing() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MatrixToImageWriter.writeToStream(matrix, "PNG", out);
    return out.toByteArray();
  }

  @Benchmark
  public byte[] pngZxingNoCache(NoImageIoCache noCache) throws IOException {
    return pngZxing();
  }

  @Benchmark
  public String svgOtpkit() {
    return renderer.svg(code);
  }

  @Benchmark
  public byte[] pngOtpkitFromUri() {
    return renderer.png(uri);
  }

  @Benchmark
  public String svgOtpkitFromUri() {
    return renderer.svg(uri);
  }

  @Benchmark
  public byte[] pngZxingFromUri() throws IOException, WriterException {
    BitMatrix encoded =
        zxing.encode(uri.revealUriString(), BarcodeFormat.QR_CODE, pixels, pixels, hints);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MatrixToImageWriter.writeToStream(encoded, "PNG", out);
    return out.toByteArray();
  }

  @Benchmark
  public byte[] pngZxingFromUriNoCache(NoImageIoCache noCache) throws IOException, WriterException {
    return pngZxingFromUri();
  }

  @Benchmark
  public byte[] pngJavaTotp() throws QrGenerationException {
    return javaTotp.generate(javaTotpData);
  }

  /** Switches ImageIO's disk cache off for the benchmark that uses this state. */
  @State(Scope.Benchmark)
  public static class NoImageIoCache {
    /** JMH runs each benchmark in its own JVM, so this global switch stays with one benchmark. */
    @Setup
    public void setUp() {
      ImageIO.setUseCache(false);
    }
  }
}

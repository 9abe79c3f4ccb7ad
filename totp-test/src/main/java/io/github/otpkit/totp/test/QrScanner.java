package io.github.otpkit.totp.test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.LuminanceSource;
import com.google.zxing.NotFoundException;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads the text of a QR code from an image, as the camera of an authenticator app does: PNG, JPEG,
 * GIF, BMP and TIFF images (through ImageIO), simple SVG documents, and {@code data:} URIs of them
 * as found in the {@code src} of an {@code <img>}.
 *
 * <p>zxing's QR reader does the detection and decoding, with a few retries that a phone gets for
 * free by moving: the image inverted (light modules on a dark background), with a white border
 * added (images without a quiet zone) and enlarged (one pixel per module). Transparent pixels count
 * as white, as on a web page. Byte-mode text without a character set indication is read as UTF-8.
 *
 * <p>SVG documents are drawn by a small rasteriser of this kit, not by a browser engine: it draws
 * {@code <rect>} and {@code <path>} elements made of straight lines ({@code M L H V Z}, absolute
 * and relative), filled (non-zero or even-odd rule) or stroked with horizontal and vertical lines,
 * with solid colours, inside {@code <g>} groups with {@code translate}, {@code scale} and
 * axis-aligned {@code matrix} transforms. That covers what otpkit's {@code QrRenderer} and {@code
 * qrencode -t SVG} (with or without {@code --svg-path}) write. Rounded corners ({@code rx}, {@code
 * ry}) are drawn square. Anything else that draws (circles, curves, text, embedded images, CSS,
 * gradients, clipping) is refused with a message that names it, rather than drawn wrongly.
 *
 * <h2>Limits</h2>
 *
 * Images of more than {@value #MAX_PIXELS} pixels and files larger than {@value #MAX_FILE_BYTES}
 * bytes are refused before they are decoded. XML documents with a DOCTYPE are refused (no entity
 * expansion, no external resources).
 *
 * <h2>Thread safety</h2>
 *
 * Stateless and thread-safe.
 */
public final class QrScanner {
  /** The largest image, in pixels, that is decoded: 50 million (about 7000 × 7000). */
  public static final int MAX_PIXELS = 50_000_000;

  /** The largest file that {@link #read(Path)} reads: 64 MiB. */
  public static final int MAX_FILE_BYTES = 64 * 1024 * 1024;

  private static final String NOT_AN_IMAGE =
      "not an image that can be read (PNG, JPEG, GIF, BMP or TIFF) nor an SVG document";

  private QrScanner() {}

  /**
   * Reads the QR code of an image file.
   *
   * @param file a PNG, JPEG, GIF, BMP or TIFF image, or an SVG document
   * @return the text of the QR code
   * @throws IOException if the file cannot be read
   * @throws QrScanException if the file is not an image, is too large or holds no readable QR code
   */
  public static String read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new QrScanException(
          String.format(
              Locale.ROOT,
              "the file is larger than %d bytes, too large for a QR code image",
              MAX_FILE_BYTES));
    }
    return read(Files.readAllBytes(file));
  }

  /**
   * Reads the QR code of an image given as bytes.
   *
   * @param image the bytes of a PNG, JPEG, GIF, BMP or TIFF image, or of an SVG document
   * @return the text of the QR code
   * @throws QrScanException if the bytes are not an image, the image is too large or it holds no
   *     readable QR code
   */
  public static String read(byte[] image) {
    Objects.requireNonNull(image, "image");
    return decode(luminance(image));
  }

  /**
   * Reads the QR code of a {@code data:} URI, such as the {@code src} of an {@code <img>} on an
   * enrollment page: {@code data:image/png;base64,...} or {@code data:image/svg+xml;base64,...}, or
   * a percent-encoded SVG ({@code data:image/svg+xml,%3Csvg...}).
   *
   * @param dataUri the URI
   * @return the text of the QR code
   * @throws QrScanException if the text is not a {@code data:} URI of an image, its Base64 or
   *     percent-encoding is invalid, or the image holds no readable QR code
   */
  public static String readDataUri(String dataUri) {
    Objects.requireNonNull(dataUri, "dataUri");
    return read(DataUri.imageBytes(dataUri));
  }

  /** Turns image bytes into grey levels, whatever their format. */
  static Luminance luminance(byte[] image) {
    if (looksLikeXml(image)) {
      return SvgRasterizer.rasterize(image);
    }
    return raster(image);
  }

  /** Whether the bytes start (after a UTF-8 byte order mark and white space) with {@code <}. */
  static boolean looksLikeXml(byte[] bytes) {
    int i = 0;
    if (bytes.length >= 3
        && (bytes[0] & 0xFF) == 0xEF
        && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF) {
      i = 3;
    }
    while (i < bytes.length
        && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) {
      i++;
    }
    return i < bytes.length && bytes[i] == '<';
  }

  private static Luminance raster(byte[] bytes) {
    try (InputStream in = new ByteArrayInputStream(bytes);
        ImageInputStream stream = new MemoryCacheImageInputStream(in)) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
      if (!readers.hasNext()) {
        throw new QrScanException(NOT_AN_IMAGE);
      }
      ImageReader reader = readers.next();
      String format = reader.getFormatName().toUpperCase(Locale.ROOT);
      try {
        reader.setInput(stream, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        checkSize(format, width, height);
        return Luminance.of(reader.read(0));
      } catch (IOException | RuntimeException e) {
        if (e instanceof QrScanException scan) {
          throw scan;
        }
        throw new QrScanException("the " + format + " image is damaged or truncated", e);
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      // Streams over a byte array do not fail; ImageIO declares it anyway.
      throw new QrScanException(NOT_AN_IMAGE, e);
    }
  }

  private static void checkSize(String format, long width, long height) {
    if (width < 1 || height < 1 || width * height > MAX_PIXELS) {
      throw new QrScanException(
          String.format(
              Locale.ROOT,
              "the %s image is %d x %d pixels; at most %d pixels are read",
              format,
              width,
              height,
              MAX_PIXELS));
    }
  }

  /** Finds and decodes the QR code, trying what a moving phone camera would get. */
  static String decode(Luminance image) {
    Map<DecodeHintType, Object> hard = new EnumMap<>(DecodeHintType.class);
    hard.put(DecodeHintType.TRY_HARDER, true);
    hard.put(DecodeHintType.CHARACTER_SET, "UTF-8");
    Map<DecodeHintType, Object> pure = new EnumMap<>(hard);
    pure.put(DecodeHintType.PURE_BARCODE, true);

    LuminanceSource original = image.source();
    LuminanceSource framed = image.framed().source();
    List<BinaryBitmap> views = new ArrayList<>();
    for (LuminanceSource source : List.of(original, original.invert(), framed, framed.invert())) {
      views.add(new BinaryBitmap(new HybridBinarizer(source)));
      views.add(new BinaryBitmap(new GlobalHistogramBinarizer(source)));
    }
    boolean damaged = false;
    for (BinaryBitmap bitmap : views) {
      for (Map<DecodeHintType, Object> hints : List.of(hard, pure)) {
        try {
          return new QRCodeReader().decode(bitmap, hints).getText();
        } catch (ChecksumException | FormatException e) {
          damaged = true;
        } catch (NotFoundException e) {
          // Try the next way of looking at the image.
        }
      }
    }
    String size = String.format(Locale.ROOT, "%d x %d pixels", image.width(), image.height());
    throw new QrScanException(
        damaged
            ? "a QR code was found in the image ("
                + size
                + ") but cannot be decoded: it is"
                + " damaged, blurred or too small"
            : "no QR code found in the image (" + size + ")");
  }

  /**
   * Grey levels of an image, one byte per pixel, 0 black to 255 white.
   *
   * @param width the width in pixels
   * @param height the height in pixels
   * @param pixels row by row
   */
  @SuppressWarnings("ArrayRecordComponent") // package-private carrier, never compared
  record Luminance(int width, int height, byte[] pixels) {
    /** Composites the image over white and converts it to grey (ITU-R BT.601 weights). */
    static Luminance of(BufferedImage image) {
      int width = image.getWidth();
      int height = image.getHeight();
      byte[] pixels = new byte[width * height];
      int[] row = new int[width];
      for (int y = 0; y < height; y++) {
        image.getRGB(0, y, width, 1, row, 0, width);
        for (int x = 0; x < width; x++) {
          int argb = row[x];
          int alpha = argb >>> 24;
          int grey =
              (((argb >> 16) & 0xFF) * 299 + ((argb >> 8) & 0xFF) * 587 + (argb & 0xFF) * 114)
                  / 1000;
          pixels[y * width + x] = (byte) ((grey * alpha + 255 * (255 - alpha)) / 255);
        }
      }
      return new Luminance(width, height, pixels);
    }

    LuminanceSource source() {
      return new PlanarYUVLuminanceSource(pixels, width, height, 0, 0, width, height, false);
    }

    /**
     * Returns the image with a white border of an eighth of its size (at least 8 pixels) and
     * enlarged by a whole factor to at least 400 pixels: what a code without quiet zone, or with
     * one pixel per module, needs to be found.
     */
    Luminance framed() {
      int side = Math.max(width, height);
      int scale = Math.max(1, (400 + side - 1) / side);
      int border = Math.max(8, side / 8);
      int newWidth = (width + 2 * border) * scale;
      int newHeight = (height + 2 * border) * scale;
      if ((long) newWidth * newHeight > MAX_PIXELS) {
        return this;
      }
      byte[] framed = new byte[newWidth * newHeight];
      Arrays.fill(framed, (byte) 0xFF);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          byte value = pixels[y * width + x];
          int top = (y + border) * scale;
          int left = (x + border) * scale;
          for (int dy = 0; dy < scale; dy++) {
            int start = (top + dy) * newWidth + left;
            Arrays.fill(framed, start, start + scale, value);
          }
        }
      }
      return new Luminance(newWidth, newHeight, framed);
    }
  }

  /** {@code data:} URIs of images. */
  static final class DataUri {
    private DataUri() {}

    static byte[] imageBytes(String uri) {
      if (!uri.regionMatches(true, 0, "data:", 0, 5)) {
        throw new QrScanException("not a data: URI");
      }
      int comma = uri.indexOf(',');
      if (comma < 0) {
        throw new QrScanException("the data: URI has no comma before its data");
      }
      String[] header = uri.substring(5, comma).split(";", -1);
      String mediaType = header[0].strip().toLowerCase(Locale.ROOT);
      if (!mediaType.startsWith("image/")) {
        throw new QrScanException(
            "the data: URI holds "
                + (mediaType.isEmpty() ? "text/plain" : safe(mediaType))
                + ", not an image");
      }
      boolean base64 =
          header.length > 1 && header[header.length - 1].strip().equalsIgnoreCase("base64");
      String data = uri.substring(comma + 1);
      return base64 ? decodeBase64(data) : percentDecode(data);
    }

    private static byte[] decodeBase64(String data) {
      StringBuilder compact = new StringBuilder(data.length());
      for (int i = 0; i < data.length(); i++) {
        char c = data.charAt(i);
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f') {
          compact.append(c);
        }
      }
      try {
        return Base64.getDecoder().decode(compact.toString());
      } catch (IllegalArgumentException e) {
        throw new QrScanException("the data: URI's Base64 is invalid", e);
      }
    }

    private static byte[] percentDecode(String data) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(data.length());
      for (int i = 0; i < data.length(); i++) {
        char c = data.charAt(i);
        if (c == '%') {
          int high = i + 2 < data.length() ? Character.digit(data.charAt(i + 1), 16) : -1;
          int low = high >= 0 ? Character.digit(data.charAt(i + 2), 16) : -1;
          if (low < 0) {
            throw new QrScanException(
                "the data: URI has an invalid percent-encoding at position "
                    + (i + 1)
                    + " of its data");
          }
          out.write(high * 16 + low);
          i += 2;
        } else if (c < 0x80) {
          out.write(c);
        } else {
          byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
          out.write(utf8, 0, utf8.length);
        }
      }
      return out.toByteArray();
    }

    /** A media type to repeat in a message, or a placeholder if it has unexpected characters. */
    private static String safe(String mediaType) {
      return mediaType.length() <= 64 && mediaType.matches("[a-z0-9.+-]+/[a-z0-9.+-]+")
          ? mediaType
          : "something";
    }
  }
}

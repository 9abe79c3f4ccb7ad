package io.github.otpkit.totp.qr.internal;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.decoder.Mode;
import com.google.zxing.qrcode.decoder.Version;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Encodes text into a QR module matrix with zxing-core, the only class that touches zxing's
 * encoder.
 *
 * <p>Charset rule: text that is all ASCII is encoded without a charset hint, so zxing writes its
 * bytes (ISO-8859-1, identical to ASCII and UTF-8 for these characters) with no ECI header; the
 * mode is zxing's choice (numeric for digits only, alphanumeric for upper-case letters, digits and
 * {@code space $%*+-./:}, byte otherwise, so always byte for an otpauth URI). Text with any
 * non-ASCII character is encoded in byte mode as UTF-8 behind an ECI header (assignment number 26),
 * so that decoders do not have to guess the charset.
 *
 * <p>Thread safety: stateless.
 */
public final class QrEncoding {
  private static final Map<EncodeHintType, Object> UTF8_HINTS =
      Map.of(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
  private static final int MAX_VERSION = 40;
  private static final int MODE_BITS = 4;
  private static final int ECI_BITS = 4 + 8;

  private QrEncoding() {}

  /**
   * The encoded symbol: its version, side length and dark modules, one bit per module in row-major
   * order (bit {@code y * size + x} of the {@code long} words).
   *
   * @param version 1 to 40
   * @param size modules per side, 21 to 177
   * @param bits the dark modules; owned by the matrix, never changed after encoding
   */
  @SuppressWarnings("ArrayRecordComponent") // internal carrier, never handed out of otpkit
  public record Matrix(int version, int size, long[] bits) {
    /**
     * Tells whether a module is dark; the caller checks the coordinates.
     *
     * @param x the column, 0 to {@code size - 1}
     * @param y the row, 0 to {@code size - 1}
     * @return true for a dark module
     */
    public boolean isDark(int x, int y) {
      int index = y * size + x;
      return (bits[index >>> 6] & (1L << (index & 63))) != 0;
    }
  }

  /**
   * Encodes the text.
   *
   * @param text non-empty text without unpaired surrogates
   * @param level the error-correction level: {@code "L"}, {@code "M"}, {@code "Q"} or {@code "H"}
   * @return the symbol
   * @throws IllegalArgumentException if the text is empty, has an unpaired surrogate or is too long
   *     for a QR code at this level, or the level is none of the four; the message never contains
   *     the text
   */
  public static Matrix encode(String text, String level) {
    ErrorCorrectionLevel zxingLevel = zxingLevel(level);
    if (text.isEmpty()) {
      throw new IllegalArgumentException("text must not be empty");
    }
    boolean ascii = checkText(text);
    QRCode code;
    try {
      code = Encoder.encode(text, zxingLevel, ascii ? Map.of() : UTF8_HINTS);
    } catch (WriterException e) {
      // The cause is left out on purpose: nothing from the encoder may carry the text into logs.
      throw new IllegalArgumentException(tooLongMessage(text, ascii, level));
    }
    ByteMatrix matrix = code.getMatrix();
    int size = matrix.getWidth();
    long[] bits = new long[(size * size + 63) / 64];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        if (matrix.get(x, y) == 1) {
          int index = y * size + x;
          bits[index >>> 6] |= 1L << (index & 63);
        }
      }
    }
    return new Matrix(code.getVersion().getVersionNumber(), size, bits);
  }

  /**
   * Returns true if the text is all ASCII; rejects unpaired surrogates, which UTF-8 cannot hold.
   */
  private static boolean checkText(String text) {
    boolean ascii = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        continue;
      }
      ascii = false;
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "text has an unpaired surrogate at index %d", i));
      }
    }
    return ascii;
  }

  /**
   * Says how much of what the text needs fits into the largest symbol (version 40) at this level,
   * counted in the units of the mode zxing chose.
   */
  static String tooLongMessage(String text, boolean ascii, String level) {
    Version version = Version.getVersionForNumber(MAX_VERSION);
    int dataBits =
        8
            * (version.getTotalCodewords()
                - version.getECBlocksForLevel(zxingLevel(level)).getTotalECCodewords());
    Mode mode = ascii ? Encoder.chooseMode(text) : Mode.BYTE;
    int available = dataBits - MODE_BITS - mode.getCharacterCountBits(version);
    int length;
    int capacity;
    String what;
    if (mode == Mode.NUMERIC) {
      length = text.length();
      int rest = available % 10;
      capacity = 3 * (available / 10) + (rest >= 7 ? 2 : rest >= 4 ? 1 : 0);
      what = "digits in numeric mode";
    } else if (mode == Mode.ALPHANUMERIC) {
      length = text.length();
      capacity = 2 * (available / 11) + (available % 11 >= 6 ? 1 : 0);
      what = "characters in alphanumeric mode";
    } else if (ascii) {
      length = text.length();
      capacity = available / 8;
      what = "bytes in byte mode";
    } else {
      length = text.getBytes(StandardCharsets.UTF_8).length;
      capacity = (available - ECI_BITS) / 8;
      what = "bytes in byte mode with UTF-8 ECI";
    }
    return String.format(
        Locale.ROOT,
        "text is too long for a QR code at error correction level %s: %d %s but at most %d fit",
        level,
        length,
        what,
        capacity);
  }

  private static ErrorCorrectionLevel zxingLevel(String level) {
    return switch (level) {
      case "L" -> ErrorCorrectionLevel.L;
      case "M" -> ErrorCorrectionLevel.M;
      case "Q" -> ErrorCorrectionLevel.Q;
      case "H" -> ErrorCorrectionLevel.H;
      default -> throw new IllegalArgumentException("level must be L, M, Q or H but was " + level);
    };
  }
}

package io.github.otpkit.totp.qr;

import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.qr.internal.QrEncoding;
import java.util.Locale;
import java.util.Objects;

/**
 * An encoded QR code symbol (ISO/IEC 18004): a square of dark and light modules, without the quiet
 * zone.
 *
 * <p>{@link #encode(CharSequence, ErrorCorrection)} uses zxing-core's encoder with one segment:
 *
 * <ul>
 *   <li>text with a character outside ASCII is written in byte mode as UTF-8, behind an ECI header
 *       that tells decoders the charset (so an issuer such as "Café Zürich" survives);
 *   <li>ASCII text gets no ECI header; its mode is chosen by zxing: byte mode whenever the text has
 *       a lower-case letter or a character such as {@code ? & = @}, which is always the case for an
 *       otpauth URI; numeric mode for text of digits only; alphanumeric mode for text of upper-case
 *       letters, digits, space and {@code $%*+-./:} only. Every mode decodes to the same
 *       characters.
 * </ul>
 *
 * The smallest version (1 to 40) that holds the text at the requested level is used.
 *
 * <p>The symbol keeps only its modules, not the text, and {@link #toString()} shows only the
 * version, size and level. Still, the modules <em>are</em> the text: treat a QR code of an otpauth
 * URI like the secret itself (see {@link QrRenderer}, "Security considerations").
 *
 * <p>Thread safety: immutable and thread-safe.
 */
public final class QrCode {
  private final QrEncoding.Matrix matrix;
  private final ErrorCorrection errorCorrection;

  private QrCode(QrEncoding.Matrix matrix, ErrorCorrection errorCorrection) {
    this.matrix = matrix;
    this.errorCorrection = errorCorrection;
  }

  /**
   * Encodes text at the default error-correction level, {@link ErrorCorrection#M}.
   *
   * @param text the text, for example an otpauth URI
   * @return the QR code
   * @throws IllegalArgumentException as {@link #encode(CharSequence, ErrorCorrection)} describes
   */
  public static QrCode encode(CharSequence text) {
    return encode(text, ErrorCorrection.M);
  }

  /**
   * Encodes an otpauth URI at the default error-correction level, {@link ErrorCorrection#M}.
   *
   * @param uri the URI; its text carries the secret and goes only into the code
   * @return the QR code
   */
  public static QrCode encode(OtpAuthUri uri) {
    return encode(uri, ErrorCorrection.M);
  }

  /**
   * Encodes an otpauth URI at the given error-correction level.
   *
   * @param uri the URI; its text carries the secret and goes only into the code
   * @param errorCorrection the level
   * @return the QR code
   */
  public static QrCode encode(OtpAuthUri uri, ErrorCorrection errorCorrection) {
    Objects.requireNonNull(uri, "uri");
    return encode(uri.revealUriString(), errorCorrection);
  }

  /**
   * Encodes text at the given error-correction level.
   *
   * <p>At level M a QR code holds at most 2331 bytes of ASCII text in byte mode (L 2953, Q 1663, H
   * 1273), and one byte less for text that needs UTF-8. A typical otpauth URI needs about 110 bytes
   * (version 7 at level M); one with a 64-byte secret and long names about 400 (version 15).
   *
   * @param text the text, not empty
   * @param errorCorrection the level
   * @return the QR code
   * @throws IllegalArgumentException if the text is empty, contains an unpaired surrogate (which
   *     has no UTF-8 form), or is too long for a QR code at this level; the message says where and
   *     by how much but never contains the text, for example {@code text is too long for a QR code
   *     at error correction level M: 2400 bytes in byte mode but at most 2331 fit}
   */
  public static QrCode encode(CharSequence text, ErrorCorrection errorCorrection) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(errorCorrection, "errorCorrection");
    return new QrCode(QrEncoding.encode(text.toString(), errorCorrection.name()), errorCorrection);
  }

  /**
   * Returns the QR version, which fixes the size: {@code size() == 17 + 4 * version()}.
   *
   * @return 1 to 40
   */
  public int version() {
    return matrix.version();
  }

  /**
   * Returns the number of modules on each side, without the quiet zone.
   *
   * @return 21 to 177
   */
  public int size() {
    return matrix.size();
  }

  /**
   * Returns the error-correction level of the symbol.
   *
   * @return the level
   */
  public ErrorCorrection errorCorrection() {
    return errorCorrection;
  }

  /**
   * Tells whether a module is dark.
   *
   * @param x the column, 0 (left) to {@code size() - 1}
   * @param y the row, 0 (top) to {@code size() - 1}
   * @return true for a dark module, false for a light one
   * @throws IndexOutOfBoundsException if x or y is outside the symbol
   */
  public boolean isDark(int x, int y) {
    checkCoordinate("x", x);
    checkCoordinate("y", y);
    return matrix.isDark(x, y);
  }

  /** The modules, for the writers of {@link QrRenderer}. */
  QrEncoding.Matrix matrix() {
    return matrix;
  }

  /**
   * Describes the symbol without its content.
   *
   * @return for example {@code QrCode[version=7, size=45, errorCorrection=M]}
   */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "QrCode[version=%d, size=%d, errorCorrection=%s]",
        matrix.version(),
        matrix.size(),
        errorCorrection);
  }

  private void checkCoordinate(String name, int value) {
    int size = matrix.size();
    if (value < 0 || value >= size) {
      throw new IndexOutOfBoundsException(
          String.format(Locale.ROOT, "%s must be 0 to %d but was %d", name, size - 1, value));
    }
  }
}

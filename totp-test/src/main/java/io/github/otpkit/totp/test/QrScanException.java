package io.github.otpkit.totp.test;

import io.github.otpkit.totp.OtpException;

/**
 * Thrown when no QR code can be read from an image: the bytes are not an image this kit reads, the
 * image is too large, or it holds no readable QR code.
 *
 * <p>The message says what was wrong with the image (its format, its size in pixels) and never
 * contains the image's bytes or the text of a QR code.
 */
public final class QrScanException extends OtpException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong, without image content
   */
  public QrScanException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what was wrong, without image content
   * @param cause the underlying failure
   */
  public QrScanException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.github.otpkit.totp.qr;

/**
 * The pixel format of the PNG images that {@link QrRenderer} writes.
 *
 * <p>Thread safety: an enum, immutable.
 */
public enum PngFormat {
  /**
   * One bit per pixel, the smallest file: grey-scale (PNG colour type 0, bit depth 1) for black on
   * white, a two-entry palette (colour type 3, bit depth 1) for any other colours. The default.
   */
  BILEVEL,

  /**
   * Eight-bit grey-scale (PNG colour type 0, bit depth 8), for tools that mishandle 1-bit images.
   * Both colours must be grey ({@link QrColor#isGrey()}); the file is larger than {@link #BILEVEL}.
   */
  GREYSCALE
}

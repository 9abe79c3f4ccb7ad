package io.github.otpkit.totp.qr;

import java.util.Locale;
import java.util.Objects;

/**
 * An opaque sRGB colour for the modules or the background of a QR image.
 *
 * <p>{@link #contrastRatio(QrColor)} follows the WCAG 2.x definition of relative luminance and
 * contrast ratio (from 1:1 for equal colours to 21:1 for black on white); {@link QrOptions} uses it
 * to refuse colour pairs that scanners cannot read.
 *
 * <p>Thread safety: an immutable record.
 *
 * @param red the red component, 0 to 255
 * @param green the green component, 0 to 255
 * @param blue the blue component, 0 to 255
 */
public record QrColor(int red, int green, int blue) {
  /** Black, {@code #000000}: the default foreground. */
  public static final QrColor BLACK = new QrColor(0, 0, 0);

  /** White, {@code #FFFFFF}: the default background. */
  public static final QrColor WHITE = new QrColor(255, 255, 255);

  /**
   * Validates the components.
   *
   * @param red 0 to 255
   * @param green 0 to 255
   * @param blue 0 to 255
   * @throws IllegalArgumentException if a component is not 0 to 255
   */
  public QrColor {
    checkComponent("red", red);
    checkComponent("green", green);
    checkComponent("blue", blue);
  }

  /**
   * Returns the colour of a packed {@code 0xRRGGBB} value.
   *
   * @param rgb the colour; bits above the lowest 24 must be zero
   * @return the colour
   * @throws IllegalArgumentException if {@code rgb} is negative or above {@code 0xFFFFFF}
   */
  public static QrColor ofRgb(int rgb) {
    if (rgb < 0 || rgb > 0xFFFFFF) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "rgb must be 0x000000 to 0xFFFFFF but was 0x%X", rgb));
    }
    return new QrColor((rgb >>> 16) & 0xFF, (rgb >>> 8) & 0xFF, rgb & 0xFF);
  }

  /**
   * Parses a CSS hex colour: {@code #RRGGBB} or {@code #RGB}, either case.
   *
   * @param hex the colour text, for example {@code "#1A2B3C"}
   * @return the colour
   * @throws IllegalArgumentException if the text is not {@code #} followed by 3 or 6 hex digits
   */
  public static QrColor parse(String hex) {
    Objects.requireNonNull(hex, "hex");
    int length = hex.length();
    if ((length != 4 && length != 7) || hex.charAt(0) != '#') {
      throw new IllegalArgumentException(
          "color must be # followed by 3 or 6 hex digits but was \"" + hex + "\"");
    }
    int[] digits = new int[length - 1];
    for (int i = 1; i < length; i++) {
      int digit = hexDigit(hex.charAt(i));
      if (digit < 0) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "color must be # followed by hex digits but has '%c' at index %d",
                hex.charAt(i),
                i));
      }
      digits[i - 1] = digit;
    }
    if (length == 4) {
      return new QrColor(digits[0] * 17, digits[1] * 17, digits[2] * 17);
    }
    return new QrColor(
        digits[0] * 16 + digits[1], digits[2] * 16 + digits[3], digits[4] * 16 + digits[5]);
  }

  /**
   * Returns the colour as a packed {@code 0xRRGGBB} value.
   *
   * @return 0 to {@code 0xFFFFFF}
   */
  public int rgb() {
    return (red << 16) | (green << 8) | blue;
  }

  /**
   * Returns the colour as upper-case CSS hex text.
   *
   * @return {@code #RRGGBB}
   */
  public String hex() {
    return String.format(Locale.ROOT, "#%06X", rgb());
  }

  /**
   * Tells whether red, green and blue are equal, so that an 8-bit grey-scale PNG can hold it.
   *
   * @return true for black, white and the greys between them
   */
  public boolean isGrey() {
    return red == green && green == blue;
  }

  /**
   * Returns the WCAG 2.x relative luminance: 0 for black, 1 for white.
   *
   * @return 0.0 to 1.0
   */
  public double relativeLuminance() {
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
  }

  /**
   * Returns the WCAG 2.x contrast ratio of this colour and another: {@code (L1 + 0.05) / (L2 +
   * 0.05)} with L1 the lighter of the two. The result does not depend on the order.
   *
   * @param other the other colour
   * @return 1.0 (equal luminance) to 21.0 (black and white)
   */
  public double contrastRatio(QrColor other) {
    Objects.requireNonNull(other, "other");
    double a = relativeLuminance();
    double b = other.relativeLuminance();
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }

  /**
   * Returns the colour as CSS hex text, the same as {@link #hex()}.
   *
   * @return {@code #RRGGBB}
   */
  @Override
  public String toString() {
    return hex();
  }

  private static double linear(int component) {
    double c = component / 255.0;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }

  private static void checkComponent(String name, int value) {
    if (value < 0 || value > 255) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "%s must be 0 to 255 but was %d", name, value));
    }
  }
}

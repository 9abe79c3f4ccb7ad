package io.github.otpkit.totp.qr;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How {@link QrRenderer} encodes and draws a QR code: error correction, quiet zone, module size,
 * colours and per-format settings.
 *
 * <p>Every combination that the constructor accepts renders a code that scanners read: the colours
 * need a contrast ratio of at least {@value #MIN_CONTRAST_RATIO}:1 with dark modules on a light
 * background. Build instances with {@link #builder()}; {@link #DEFAULT} holds the defaults.
 *
 * <p>Thread safety: an immutable record; the {@link Builder} is mutable and not thread-safe.
 *
 * @param errorCorrection the error-correction level used when text is encoded, {@link
 *     ErrorCorrection#M} by default
 * @param quietZone the light border around the symbol, in modules, {@value #MIN_QUIET_ZONE} to
 *     {@value #MAX_QUIET_ZONE}, {@value #DEFAULT_QUIET_ZONE} by default (the margin ISO/IEC 18004
 *     requires; use less only where the page around the image is light and empty)
 * @param moduleSize the width and height of one module in pixels, in PNG images and in the {@code
 *     width}/{@code height} of SVG images, {@value #MIN_MODULE_SIZE} to {@value #MAX_MODULE_SIZE},
 *     {@value #DEFAULT_MODULE_SIZE} by default
 * @param foreground the colour of dark modules, {@link QrColor#BLACK} by default
 * @param background the colour of light modules and of the quiet zone, {@link QrColor#WHITE} by
 *     default
 * @param pngFormat the PNG pixel format, {@link PngFormat#BILEVEL} by default
 * @param svgPixelSize whether SVG images carry {@code width} and {@code height} attributes of
 *     (symbol size + 2 × quiet zone) × module size pixels; {@code false} leaves them out so that
 *     CSS sizes the image. {@code true} by default
 * @param svgTitle an accessible name written as the SVG {@code <title>}, for example "QR code for
 *     Photo Portal", or {@code null} (the default) for none. It must never be the payload
 * @param terminalInverted whether terminal text draws light modules with block characters, for
 *     terminals with light text on a dark background; {@code false} by default (block characters
 *     draw dark modules, for dark text on a light background)
 */
public record QrOptions(
    ErrorCorrection errorCorrection,
    int quietZone,
    int moduleSize,
    QrColor foreground,
    QrColor background,
    PngFormat pngFormat,
    boolean svgPixelSize,
    @Nullable String svgTitle,
    boolean terminalInverted) {

  /** The smallest quiet zone: 0 modules. */
  public static final int MIN_QUIET_ZONE = 0;

  /** The largest quiet zone: 16 modules. */
  public static final int MAX_QUIET_ZONE = 16;

  /** The default quiet zone: 4 modules, as ISO/IEC 18004 requires. */
  public static final int DEFAULT_QUIET_ZONE = 4;

  /** The smallest module: 1 pixel. */
  public static final int MIN_MODULE_SIZE = 1;

  /** The largest module: 64 pixels. */
  public static final int MAX_MODULE_SIZE = 64;

  /** The default module size: 6 pixels (318 × 318 pixels for a typical otpauth URI). */
  public static final int DEFAULT_MODULE_SIZE = 6;

  /**
   * The lowest accepted WCAG contrast ratio of foreground and background: 4.5 (to 1). Black on
   * white is 21; the mid grey {@code #767676} on white just passes.
   */
  public static final double MIN_CONTRAST_RATIO = 4.5;

  /** The defaults: level M, quiet zone 4, 6-pixel modules, black on white, 1-bit PNG. */
  public static final QrOptions DEFAULT = builder().build();

  /**
   * Validates the options; prefer {@link #builder()}, which starts from the defaults.
   *
   * @param errorCorrection the error-correction level for encoding text
   * @param quietZone {@value #MIN_QUIET_ZONE} to {@value #MAX_QUIET_ZONE} modules
   * @param moduleSize {@value #MIN_MODULE_SIZE} to {@value #MAX_MODULE_SIZE} pixels
   * @param foreground the colour of dark modules, darker than the background
   * @param background the colour of light modules and of the quiet zone
   * @param pngFormat the PNG pixel format
   * @param svgPixelSize whether SVG images get {@code width} and {@code height}
   * @param svgTitle the SVG {@code <title>}, or {@code null}
   * @param terminalInverted whether terminal text is drawn for dark terminals
   * @throws IllegalArgumentException if the quiet zone or the module size is out of range, the
   *     foreground is not darker than the background, the contrast ratio is below {@value
   *     #MIN_CONTRAST_RATIO}, {@link PngFormat#GREYSCALE} is combined with a colour that is not
   *     grey, or the SVG title is blank or contains a control character or an unpaired surrogate
   */
  public QrOptions {
    Objects.requireNonNull(errorCorrection, "errorCorrection");
    Objects.requireNonNull(foreground, "foreground");
    Objects.requireNonNull(background, "background");
    Objects.requireNonNull(pngFormat, "pngFormat");
    if (quietZone < MIN_QUIET_ZONE || quietZone > MAX_QUIET_ZONE) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "quietZone must be %d to %d modules but was %d",
              MIN_QUIET_ZONE,
              MAX_QUIET_ZONE,
              quietZone));
    }
    if (moduleSize < MIN_MODULE_SIZE || moduleSize > MAX_MODULE_SIZE) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "moduleSize must be %d to %d pixels but was %d",
              MIN_MODULE_SIZE,
              MAX_MODULE_SIZE,
              moduleSize));
    }
    checkColors(foreground, background);
    if (pngFormat == PngFormat.GREYSCALE) {
      checkGrey("foreground", foreground);
      checkGrey("background", background);
    }
    if (svgTitle != null) {
      checkTitle(svgTitle);
    }
  }

  /**
   * Returns a builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder that starts from these options.
   *
   * @return a new builder
   */
  @CanIgnoreReturnValue
  public Builder toBuilder() {
    return new Builder()
        .errorCorrection(errorCorrection)
        .quietZone(quietZone)
        .moduleSize(moduleSize)
        .foreground(foreground)
        .background(background)
        .pngFormat(pngFormat)
        .svgPixelSize(svgPixelSize)
        .svgTitle(svgTitle)
        .terminalInverted(terminalInverted);
  }

  /**
   * Returns the contrast ratio of the foreground and background colours.
   *
   * @return {@value #MIN_CONTRAST_RATIO} to 21.0
   */
  public double contrastRatio() {
    return foreground.contrastRatio(background);
  }

  private static void checkColors(QrColor foreground, QrColor background) {
    if (foreground.relativeLuminance() >= background.relativeLuminance()) {
      throw new IllegalArgumentException(
          "foreground "
              + foreground.hex()
              + " must be darker than background "
              + background.hex()
              + ": scanners expect dark modules on a light background");
    }
    double ratio = foreground.contrastRatio(background);
    if (ratio < MIN_CONTRAST_RATIO) {
      // Truncated, not rounded, so that a rejected ratio never prints as the minimum itself.
      double shown = Math.floor(ratio * 100) / 100;
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "contrast ratio of foreground %s and background %s must be at least %.1f:1 but was"
                  + " %.2f:1",
              foreground.hex(),
              background.hex(),
              MIN_CONTRAST_RATIO,
              shown));
    }
  }

  private static void checkGrey(String name, QrColor color) {
    if (!color.isGrey()) {
      throw new IllegalArgumentException(
          "pngFormat GREYSCALE needs grey colors (equal red, green and blue) but "
              + name
              + " was "
              + color.hex());
    }
  }

  private static void checkTitle(String title) {
    if (title.isBlank()) {
      throw new IllegalArgumentException("svgTitle must not be blank; leave it null for no title");
    }
    for (int i = 0; i < title.length(); i++) {
      char c = title.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "svgTitle must not contain control characters but has one at index %d",
                i));
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < title.length()
          && Character.isLowSurrogate(title.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "svgTitle has an unpaired surrogate at index %d", i));
      }
    }
  }

  /**
   * Builds {@link QrOptions}; every setter starts from the defaults and {@link #build()} validates.
   *
   * <p>Thread safety: mutable and not thread-safe; the options it builds are immutable.
   */
  public static final class Builder {
    private ErrorCorrection errorCorrection = ErrorCorrection.M;
    private int quietZone = DEFAULT_QUIET_ZONE;
    private int moduleSize = DEFAULT_MODULE_SIZE;
    private QrColor foreground = QrColor.BLACK;
    private QrColor background = QrColor.WHITE;
    private PngFormat pngFormat = PngFormat.BILEVEL;
    private boolean svgPixelSize = true;
    private @Nullable String svgTitle;
    private boolean terminalInverted;

    private Builder() {}

    /**
     * Sets the error-correction level used when text is encoded.
     *
     * @param level L, M (the default), Q or H
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder errorCorrection(ErrorCorrection level) {
      this.errorCorrection = Objects.requireNonNull(level, "level");
      return this;
    }

    /**
     * Sets the quiet zone, checked by {@link #build()}.
     *
     * @param modules {@value QrOptions#MIN_QUIET_ZONE} to {@value QrOptions#MAX_QUIET_ZONE},
     *     {@value QrOptions#DEFAULT_QUIET_ZONE} by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder quietZone(int modules) {
      this.quietZone = modules;
      return this;
    }

    /**
     * Sets the size of one module in pixels, checked by {@link #build()}.
     *
     * @param pixels {@value QrOptions#MIN_MODULE_SIZE} to {@value QrOptions#MAX_MODULE_SIZE},
     *     {@value QrOptions#DEFAULT_MODULE_SIZE} by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder moduleSize(int pixels) {
      this.moduleSize = pixels;
      return this;
    }

    /**
     * Sets the colour of dark modules; {@link #build()} checks the contrast.
     *
     * @param color black by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder foreground(QrColor color) {
      this.foreground = Objects.requireNonNull(color, "color");
      return this;
    }

    /**
     * Sets the colour of light modules and of the quiet zone; {@link #build()} checks the contrast.
     *
     * @param color white by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder background(QrColor color) {
      this.background = Objects.requireNonNull(color, "color");
      return this;
    }

    /**
     * Sets the PNG pixel format.
     *
     * @param format {@link PngFormat#BILEVEL} by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder pngFormat(PngFormat format) {
      this.pngFormat = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * Sets whether SVG images carry {@code width} and {@code height} attributes in pixels.
     *
     * @param pixelSize {@code true} by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder svgPixelSize(boolean pixelSize) {
      this.svgPixelSize = pixelSize;
      return this;
    }

    /**
     * Sets the accessible name written as the SVG {@code <title>}; never pass the payload.
     *
     * @param title a short description such as "QR code for Photo Portal", or {@code null} (the
     *     default) for no title
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder svgTitle(@Nullable String title) {
      this.svgTitle = title;
      return this;
    }

    /**
     * Sets whether terminal text is drawn for light text on a dark background.
     *
     * @param inverted {@code false} by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder terminalInverted(boolean inverted) {
      this.terminalInverted = inverted;
      return this;
    }

    /**
     * Validates and returns the options.
     *
     * @return the options
     * @throws IllegalArgumentException as the {@link QrOptions} constructor describes
     */
    public QrOptions build() {
      return new QrOptions(
          errorCorrection,
          quietZone,
          moduleSize,
          foreground,
          background,
          pngFormat,
          svgPixelSize,
          svgTitle,
          terminalInverted);
    }
  }
}

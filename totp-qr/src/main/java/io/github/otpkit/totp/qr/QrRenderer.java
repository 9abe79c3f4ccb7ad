package io.github.otpkit.totp.qr;

import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.qr.internal.PngWriter;
import io.github.otpkit.totp.qr.internal.SvgWriter;
import io.github.otpkit.totp.qr.internal.TerminalWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Renders QR codes locally as PNG, SVG, {@code data:} URIs and terminal text.
 *
 * <pre>{@code
 * QrRenderer renderer = QrRenderer.of(QrOptions.builder().moduleSize(4).build());
 * String src = renderer.pngDataUri(otpauthUri);      // <img src="..." alt="QR code">
 * System.out.print(renderer.terminal(otpauthUri));   // scan it from the console
 * }</pre>
 *
 * <p>Methods that take text encode it first with {@link QrCode#encode(CharSequence,
 * ErrorCorrection)} at the options' level; methods that take a {@link QrCode} draw it as it is (its
 * own level applies). Every output decodes back to exactly the encoded text. Nothing is cached:
 * each call returns a new array or string.
 *
 * <p>Formats:
 *
 * <ul>
 *   <li>PNG: written with {@code java.util.zip} only, no {@code java.desktop}: 1-bit (grey-scale
 *       for black on white, a two-colour palette otherwise) or 8-bit grey-scale, see {@link
 *       PngFormat}; square, (symbol size + 2 × quiet zone) × module size pixels.
 *   <li>SVG: one {@code <path>} of merged horizontal runs over one background {@code <rect>}, a
 *       {@code viewBox} in modules, {@code shape-rendering="crispEdges"}, optional pixel size and
 *       {@code <title>}.
 *   <li>{@code data:} URIs: {@code data:image/png;base64,...} and {@code
 *       data:image/svg+xml;base64,...}, for {@code <img src>} without a second request.
 *   <li>Terminal text: UTF-8 half blocks, two module rows per line, the quiet zone included, and an
 *       inverted mode for light-on-dark terminals ({@link QrOptions#terminalInverted()}).
 * </ul>
 *
 * <h2>Security considerations</h2>
 *
 * A QR code of an otpauth URI <em>is</em> the shared secret in another form: whoever sees or copies
 * the image can compute every future code. So:
 *
 * <ul>
 *   <li>render it locally, as this class does; never send the URI to a third-party QR service or
 *       put it in an image URL's query string, where proxies and servers log it;
 *   <li>prefer a {@code data:} URI inside the enrollment page over a separate image URL; if you do
 *       serve the image by itself, send {@code Cache-Control: no-store} (on the page as well) so
 *       that no browser, proxy or CDN keeps a copy, and never make it public or cacheable;
 *   <li>show it only during enrollment, to the signed-in user, over TLS, and do not store or log
 *       the image, the SVG text or the data URI;
 *   <li>terminal output stays in scroll-back buffers and session recordings: clear the screen
 *       afterwards where that matters.
 * </ul>
 *
 * Neither the SVG text nor {@code toString()} of any type here contains the payload as text, and
 * exception messages never contain it.
 *
 * <p>Thread safety: immutable and thread-safe; share one instance.
 */
public final class QrRenderer {
  private static final QrRenderer DEFAULT = new QrRenderer(QrOptions.DEFAULT);

  private final QrOptions options;

  private QrRenderer(QrOptions options) {
    this.options = options;
  }

  /**
   * Returns a renderer with {@link QrOptions#DEFAULT}: level M, quiet zone 4, 6-pixel modules,
   * black on white.
   *
   * @return the shared default renderer
   */
  public static QrRenderer defaults() {
    return DEFAULT;
  }

  /**
   * Returns a renderer with the given options.
   *
   * @param options the options, already validated by their constructor
   * @return a renderer
   */
  public static QrRenderer of(QrOptions options) {
    return new QrRenderer(Objects.requireNonNull(options, "options"));
  }

  /**
   * Returns the options.
   *
   * @return the options
   */
  public QrOptions options() {
    return options;
  }

  /**
   * Encodes text at the options' error-correction level.
   *
   * @param text the text, for example an otpauth URI
   * @return the QR code
   * @throws IllegalArgumentException if the text is empty, has an unpaired surrogate or is too
   *     long, see {@link QrCode#encode(CharSequence, ErrorCorrection)}
   */
  public QrCode encode(CharSequence text) {
    return QrCode.encode(text, options.errorCorrection());
  }

  /**
   * Encodes an otpauth URI at the options' error-correction level.
   *
   * @param uri the URI; its text carries the secret and goes only into the code
   * @return the QR code
   */
  public QrCode encode(OtpAuthUri uri) {
    return QrCode.encode(uri, options.errorCorrection());
  }

  /**
   * Encodes an otpauth URI and renders it as a PNG image.
   *
   * @param uri the URI
   * @return a new PNG file
   */
  public byte[] png(OtpAuthUri uri) {
    return png(encode(uri));
  }

  /**
   * Encodes an otpauth URI and renders it as a PNG {@code data:} URI for an {@code <img>} tag.
   *
   * @param uri the URI
   * @return {@code data:image/png;base64,...}
   */
  public String pngDataUri(OtpAuthUri uri) {
    return pngDataUri(encode(uri));
  }

  /**
   * Encodes an otpauth URI and renders it as an SVG document.
   *
   * @param uri the URI
   * @return the SVG document
   */
  public String svg(OtpAuthUri uri) {
    return svg(encode(uri));
  }

  /**
   * Encodes an otpauth URI and renders it as an SVG {@code data:} URI.
   *
   * @param uri the URI
   * @return the {@code data:image/svg+xml} URI
   */
  public String svgDataUri(OtpAuthUri uri) {
    return svgDataUri(encode(uri));
  }

  /**
   * Encodes an otpauth URI and renders it as terminal text (UTF-8 half blocks).
   *
   * @param uri the URI
   * @return the lines of the code, each ending with a line feed
   */
  public String terminal(OtpAuthUri uri) {
    return terminal(encode(uri));
  }

  /**
   * Returns the width and height of the images of a code, in pixels.
   *
   * @param code the code
   * @return (size + 2 × quiet zone) × module size
   */
  public int pixelSize(QrCode code) {
    Objects.requireNonNull(code, "code");
    return (code.size() + 2 * options.quietZone()) * options.moduleSize();
  }

  /**
   * Encodes text and renders it as a PNG image.
   *
   * @param text the text, for example an otpauth URI
   * @return a new PNG file
   * @throws IllegalArgumentException as {@link #encode(CharSequence)} describes
   */
  public byte[] png(CharSequence text) {
    return png(encode(text));
  }

  /**
   * Renders a code as a PNG image.
   *
   * @param code the code
   * @return a new PNG file
   */
  public byte[] png(QrCode code) {
    Objects.requireNonNull(code, "code");
    return PngWriter.write(
        code.matrix(),
        options.quietZone(),
        options.moduleSize(),
        options.foreground().rgb(),
        options.background().rgb(),
        options.pngFormat() == PngFormat.GREYSCALE);
  }

  /**
   * Encodes text and renders it as a PNG {@code data:} URI.
   *
   * @param text the text, for example an otpauth URI
   * @return {@code data:image/png;base64,} followed by the Base64 of {@link #png(QrCode)}
   * @throws IllegalArgumentException as {@link #encode(CharSequence)} describes
   */
  public String pngDataUri(CharSequence text) {
    return pngDataUri(encode(text));
  }

  /**
   * Renders a code as a PNG {@code data:} URI.
   *
   * @param code the code
   * @return {@code data:image/png;base64,} followed by the Base64 of {@link #png(QrCode)}
   */
  public String pngDataUri(QrCode code) {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(code));
  }

  /**
   * Encodes text and renders it as an SVG document.
   *
   * @param text the text, for example an otpauth URI
   * @return the SVG document, ending with a line feed
   * @throws IllegalArgumentException as {@link #encode(CharSequence)} describes
   */
  public String svg(CharSequence text) {
    return svg(encode(text));
  }

  /**
   * Renders a code as an SVG document that can be saved as a file or put inline into HTML.
   *
   * @param code the code
   * @return the SVG document, ending with a line feed
   */
  public String svg(QrCode code) {
    Objects.requireNonNull(code, "code");
    return SvgWriter.write(
        code.matrix(),
        options.quietZone(),
        options.moduleSize(),
        options.svgPixelSize(),
        options.foreground().hex(),
        options.background().hex(),
        options.svgTitle());
  }

  /**
   * Encodes text and renders it as an SVG {@code data:} URI.
   *
   * @param text the text, for example an otpauth URI
   * @return {@code data:image/svg+xml;base64,} followed by the Base64 of the UTF-8 of {@link
   *     #svg(QrCode)}
   * @throws IllegalArgumentException as {@link #encode(CharSequence)} describes
   */
  public String svgDataUri(CharSequence text) {
    return svgDataUri(encode(text));
  }

  /**
   * Renders a code as an SVG {@code data:} URI.
   *
   * @param code the code
   * @return {@code data:image/svg+xml;base64,} followed by the Base64 of the UTF-8 of {@link
   *     #svg(QrCode)}
   */
  public String svgDataUri(QrCode code) {
    return "data:image/svg+xml;base64,"
        + Base64.getEncoder().encodeToString(svg(code).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Encodes text and renders it as terminal text.
   *
   * @param text the text, for example an otpauth URI
   * @return the lines, see {@link #terminal(QrCode)}
   * @throws IllegalArgumentException as {@link #encode(CharSequence)} describes
   */
  public String terminal(CharSequence text) {
    return terminal(encode(text));
  }

  /**
   * Renders a code as text for a terminal with a monospaced font and UTF-8 output.
   *
   * <p>Each line holds two module rows drawn with U+2580 (upper half block), U+2584 (lower half
   * block), U+2588 (full block) and spaces, quiet zone included, and ends with a line feed: (size +
   * 2 × quiet zone + 1) / 2 lines of size + 2 × quiet zone characters. The blocks draw dark
   * modules, or light modules and the quiet zone when {@link QrOptions#terminalInverted()} is set
   * (for terminals with light text on a dark background). The module size and colours do not apply.
   * Make sure the output stream encodes UTF-8, for example a {@code PrintStream} created with
   * {@link StandardCharsets#UTF_8}.
   *
   * @param code the code
   * @return the lines
   */
  public String terminal(QrCode code) {
    Objects.requireNonNull(code, "code");
    return TerminalWriter.write(code.matrix(), options.quietZone(), options.terminalInverted());
  }

  /**
   * Describes the renderer without any payload.
   *
   * @return for example {@code QrRenderer[QrOptions[errorCorrection=M, ...]]}
   */
  @Override
  public String toString() {
    return "QrRenderer[" + options + "]";
  }
}

package io.github.otpkit.totp.qr.internal;

import org.jspecify.annotations.Nullable;

/**
 * Writes a QR code as a compact SVG 1.1 document: one background {@code <rect>} and one {@code
 * <path>} whose sub-paths are the horizontal runs of dark modules.
 *
 * <p>Coordinates are in modules, the quiet zone included, so the {@code viewBox} is {@code 0 0 n n}
 * and every edge falls on a whole unit; {@code shape-rendering="crispEdges"} keeps renderers from
 * blurring them. Each run is {@code h<length>v1h-<length>z}; the first run starts with an absolute
 * {@code M}, the others with a relative {@code m} from the start of the previous run (where {@code
 * z} leaves the current point). The payload never appears as text.
 *
 * <p>Thread safety: stateless.
 */
public final class SvgWriter {
  private SvgWriter() {}

  /**
   * Renders the code.
   *
   * @param code the symbol
   * @param quietZone the light border in modules
   * @param moduleSize pixels per module for the {@code width} and {@code height} attributes
   * @param pixelSize whether to write {@code width} and {@code height}
   * @param foreground the colour of dark modules as CSS hex text, {@code #RRGGBB}
   * @param background the colour of light modules as CSS hex text, {@code #RRGGBB}
   * @param title the accessible name, already validated, or {@code null}
   * @return the SVG document, ending with a line feed
   */
  public static String write(
      QrEncoding.Matrix code,
      int quietZone,
      int moduleSize,
      boolean pixelSize,
      String foreground,
      String background,
      @Nullable String title) {
    int modules = code.size() + 2 * quietZone;
    StringBuilder svg = new StringBuilder(512 + 8 * code.size() * code.size() / 3);
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(modules)
        .append(' ')
        .append(modules)
        .append('"');
    if (pixelSize) {
      int pixels = modules * moduleSize;
      svg.append(" width=\"").append(pixels).append("\" height=\"").append(pixels).append('"');
    }
    svg.append(" shape-rendering=\"crispEdges\"");
    if (title != null) {
      svg.append(" role=\"img\"><title>");
      appendEscaped(svg, title);
      svg.append("</title>");
    } else {
      svg.append('>');
    }
    svg.append("<rect width=\"")
        .append(modules)
        .append("\" height=\"")
        .append(modules)
        .append("\" fill=\"")
        .append(background)
        .append("\"/><path fill=\"")
        .append(foreground)
        .append("\" d=\"");
    appendPath(svg, code, quietZone);
    svg.append("\"/></svg>\n");
    return svg.toString();
  }

  private static void appendPath(StringBuilder svg, QrEncoding.Matrix code, int quietZone) {
    int size = code.size();
    boolean first = true;
    int lastX = 0;
    int lastY = 0;
    for (int y = 0; y < size; y++) {
      int x = 0;
      while (x < size) {
        if (!code.isDark(x, y)) {
          x++;
          continue;
        }
        int start = x;
        while (x < size && code.isDark(x, y)) {
          x++;
        }
        int length = x - start;
        int px = quietZone + start;
        int py = quietZone + y;
        if (first) {
          svg.append('M').append(px).append(' ').append(py);
          first = false;
        } else {
          svg.append('m').append(px - lastX).append(' ').append(py - lastY);
        }
        svg.append('h').append(length).append("v1h-").append(length).append('z');
        lastX = px;
        lastY = py;
      }
    }
  }

  private static void appendEscaped(StringBuilder svg, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> svg.append("&amp;");
        case '<' -> svg.append("&lt;");
        case '>' -> svg.append("&gt;");
        case '"' -> svg.append("&quot;");
        case '\'' -> svg.append("&apos;");
        default -> svg.append(c);
      }
    }
  }
}

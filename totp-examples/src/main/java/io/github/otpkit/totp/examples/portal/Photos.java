package io.github.otpkit.totp.examples.portal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The demo's "photos": small generated SVG landscapes, shown as {@code data:} URIs so that the
 * portal needs no image files and no external assets.
 *
 * <p>SVG presentation attributes only (no {@code style}), so the content security policy's {@code
 * style-src 'self'} does not get in the way.
 */
final class Photos {
  /**
   * One photo.
   *
   * @param caption the caption, also the image's alternative text
   * @param dataUri the image as a {@code data:image/svg+xml;base64,...} URI
   */
  record Photo(String caption, String dataUri) {}

  private record Scene(String caption, String sky, String sun, String far, String near, int sunX) {}

  private static final List<Scene> SCENES =
      List.of(
          new Scene("Sunrise over the lake", "#f7c59f", "#ffe66d", "#7d8597", "#2a9d8f", 70),
          new Scene("Mountain pass in winter", "#cde7f0", "#ffffff", "#8d99ae", "#edf2f4", 220),
          new Scene("City lights at night", "#1b263b", "#e0e1dd", "#415a77", "#0d1b2a", 250),
          new Scene("Forest trail in autumn", "#f4a261", "#fefae0", "#bc6c25", "#606c38", 160),
          new Scene("Desert dunes at noon", "#a2d2ff", "#fff3b0", "#e9c46a", "#f4a261", 130),
          new Scene("Harbour in the fog", "#dfe7ec", "#f8f9fa", "#adb5bd", "#6c757d", 40));

  private static final List<Photo> PHOTOS = SCENES.stream().map(Photos::render).toList();

  private Photos() {}

  /** All photos, in a fixed order. */
  static List<Photo> all() {
    return PHOTOS;
  }

  private static Photo render(Scene s) {
    String svg =
        String.format(
            Locale.ROOT,
            """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 200" width="320" height="200">\
            <title>%s</title>\
            <rect width="320" height="200" fill="%s"/>\
            <circle cx="%d" cy="62" r="26" fill="%s"/>\
            <polygon points="0,150 60,90 120,140 180,70 250,135 320,95 320,200 0,200" fill="%s"/>\
            <polygon points="0,175 80,135 150,170 230,125 320,165 320,200 0,200" fill="%s"/>\
            </svg>""",
            Html.escape(s.caption()),
            s.sky(),
            s.sunX(),
            s.sun(),
            s.far(),
            s.near());
    String uri =
        "data:image/svg+xml;base64,"
            + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
    return new Photo(s.caption(), uri);
  }
}

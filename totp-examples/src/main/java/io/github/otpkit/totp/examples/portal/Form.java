package io.github.otpkit.totp.examples.portal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Parses {@code application/x-www-form-urlencoded} bodies, strictly. */
final class Form {
  /** More fields than any of our forms has, by far. */
  static final int MAX_FIELDS = 32;

  private Form() {}

  /**
   * Parses a form body.
   *
   * @throws HttpError 400 for a malformed body, a repeated field or too many fields
   */
  static Map<String, String> parse(byte[] body) throws HttpError {
    String text = new String(body, StandardCharsets.UTF_8);
    Map<String, String> fields = new HashMap<>();
    if (text.isEmpty()) {
      return fields;
    }
    for (String pair : text.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        name = URLDecoder.decode(name, StandardCharsets.UTF_8);
        value = URLDecoder.decode(value, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest();
      }
      if (fields.putIfAbsent(name, value) != null || fields.size() > MAX_FIELDS) {
        throw HttpError.badRequest();
      }
    }
    return fields;
  }
}

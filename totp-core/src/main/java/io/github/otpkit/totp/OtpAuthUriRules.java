package io.github.otpkit.totp;

import io.github.otpkit.totp.internal.PercentCoding;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * The rules for the parts of an otpauth URI that {@link OtpAuthUri.Builder#build()} enforces, and
 * the ones that {@link OtpAuthUriParser} shares with it. Each failure is an {@link
 * InvalidUriException} that names the part, never its text. Stateless.
 */
final class OtpAuthUriRules {
  private OtpAuthUriRules() {}

  /**
   * Checks an issuer or account name for a label: not empty, no {@code :}, no control character, no
   * whitespace at either end, valid Unicode. {@code part} is {@code "issuer"} or {@code "account
   * name"}.
   */
  static void checkLabelPart(String text, String part) {
    if (text.isEmpty()) {
      throw new InvalidUriException(
          part.equals("issuer")
              ? "issuer must not be empty (pass null for no issuer)"
              : "account name must not be empty");
    }
    checkNoColon(text, part);
    checkNoControl(text, part);
    if (Character.isWhitespace(text.charAt(0))
        || Character.isWhitespace(text.charAt(text.length() - 1))
        || Character.isSpaceChar(text.charAt(0))
        || Character.isSpaceChar(text.charAt(text.length() - 1))) {
      throw new InvalidUriException(part + " must not start or end with whitespace");
    }
    try {
      PercentCoding.encode(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidUriException(part + " is not valid Unicode", e);
    }
  }

  /**
   * Checks the extra parameters of a builder: names not empty and not standard (in any case), names
   * and values valid Unicode, and an {@code image} that is an https URL with a host.
   */
  static void checkExtraParameters(Map<String, String> extras) {
    for (Map.Entry<String, String> e : extras.entrySet()) {
      String name = e.getKey();
      if (name.isEmpty()) {
        throw new InvalidUriException("extra parameter name must not be empty");
      }
      String lower = name.toLowerCase(Locale.ROOT);
      if (OtpAuthUri.KNOWN.contains(lower)) {
        throw new InvalidUriException(
            "extra parameter must not be the standard parameter " + lower);
      }
      try {
        PercentCoding.encode(name);
        PercentCoding.encode(e.getValue());
      } catch (IllegalArgumentException ex) {
        throw new InvalidUriException("extra parameter is not valid Unicode", ex);
      }
      if (name.equals(OtpAuthUri.IMAGE) && !isHttpsUrlWithHost(e.getValue())) {
        throw new InvalidUriException("parameter image must be an https URL with a host");
      }
    }
  }

  static void checkNoColon(String text, String part) {
    if (text.indexOf(':') >= 0) {
      throw new InvalidUriException(part + " must not contain ':'");
    }
  }

  static void checkNoControl(String text, String part) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        throw new InvalidUriException(part + " must not contain control characters");
      }
    }
  }

  /** Tells whether an {@code image} value is worth keeping: an https URL with a host. */
  static boolean isHttpsUrlWithHost(String url) {
    try {
      URI u = new URI(url);
      String host = u.getHost();
      return "https".equalsIgnoreCase(u.getScheme()) && host != null && !host.isEmpty();
    } catch (URISyntaxException e) {
      return false;
    }
  }
}

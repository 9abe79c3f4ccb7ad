package io.github.otpkit.totp.examples.cli;

import io.github.otpkit.totp.OtpAuthUri;
import io.github.otpkit.totp.OtpSecret;
import java.util.Locale;

/**
 * The {@code warning: } lines that {@code uri} and {@code qr} print on standard error for
 * configurations that work, but not everywhere: they keep exit status 0.
 */
final class Warnings {
  private Warnings() {}

  /**
   * Prints one line per problem: a secret below the RFC 4226 minimum for new accounts, and the
   * authenticator apps that would compute different codes (see {@link OtpAuthUri#compatibility()}).
   *
   * @param context where standard error is
   * @param uri the URI that is printed or encoded
   */
  static void print(CliContext context, OtpAuthUri uri) {
    OtpSecret secret = uri.secret();
    if (!secret.isStrong()) {
      context
          .err()
          .println(
              String.format(
                  Locale.ROOT,
                  "warning: the secret has %d bytes; new accounts need at least %d (RFC 4226):"
                      + " make one with 'totp secret'",
                  secret.length(),
                  OtpSecret.MIN_BYTES));
    }
    for (String warning : uri.compatibility().warnings()) {
      context.err().println("warning: " + warning);
    }
  }
}

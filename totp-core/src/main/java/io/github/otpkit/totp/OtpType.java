package io.github.otpkit.totp;

import java.util.Locale;

/**
 * The two kinds of one-time password that an otpauth URI can describe.
 *
 * <p>Stateless and thread-safe.
 */
public enum OtpType {
  /** Time-based codes (RFC 6238): the URI type {@code totp}. */
  TOTP,
  /** Counter-based codes (RFC 4226): the URI type {@code hotp}, which needs a {@code counter}. */
  HOTP;

  /**
   * Returns the name used as the host part of an otpauth URI.
   *
   * @return {@code totp} or {@code hotp}
   */
  public String uriName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

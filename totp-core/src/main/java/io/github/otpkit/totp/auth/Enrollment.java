package io.github.otpkit.totp.auth;

import io.github.otpkit.totp.OtpAuthUri;
import java.time.Instant;
import java.util.Objects;

/**
 * A new authenticator being set up: what the enrollment page shows until the user confirms it with
 * a first code.
 *
 * <p>The URI and the manual key carry the secret: put them only into the QR code and the page
 * (served with {@code Cache-Control: no-store}), never into a log, a URL or a third-party QR
 * service. {@link #toString()} is redacted.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable and thread-safe.
 */
public final class Enrollment {
  private final String accountId;
  private final OtpAuthUri uri;
  private final Instant expiresAt;
  private final boolean replacement;

  Enrollment(String accountId, OtpAuthUri uri, Instant expiresAt, boolean replacement) {
    this.accountId = accountId;
    this.uri = uri;
    this.expiresAt = expiresAt;
    this.replacement = replacement;
  }

  /**
   * Returns the account being set up.
   *
   * @return the account id
   */
  public String accountId() {
    return accountId;
  }

  /**
   * Returns the otpauth URI to render as the QR code (for example with totp-qr's {@code
   * QrRenderer.pngDataUri(OtpAuthUri)}).
   *
   * @return the URI; its {@code toString()} is redacted, its text comes from {@link
   *     OtpAuthUri#revealUriString()}
   */
  public OtpAuthUri uri() {
    return uri;
  }

  /**
   * Returns the secret in groups of four Base32 characters, for "Enter code manually".
   *
   * @return e.g. {@code ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567}
   */
  public String revealManualKey() {
    return uri.secret().revealBase32Grouped();
  }

  /**
   * Returns when this setup expires if it is not confirmed.
   *
   * @return the expiry
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  /**
   * Tells whether this setup replaces an authenticator that is active now (moving to a new phone);
   * the active one keeps working until this one is confirmed.
   *
   * @return {@code true} for a replacement, {@code false} for a first enrollment
   */
  public boolean isReplacement() {
    return replacement;
  }

  /**
   * Returns a redacted description.
   *
   * @return the account, whether it is a replacement and the expiry; no secret, no URI
   */
  @Override
  public String toString() {
    return "Enrollment[account="
        + accountId
        + ", replacement="
        + replacement
        + ", expiresAt="
        + expiresAt
        + ", secret redacted]";
  }

  static Enrollment of(String accountId, OtpAuthUri uri, Instant expiresAt, boolean replacement) {
    return new Enrollment(
        Objects.requireNonNull(accountId, "accountId"),
        Objects.requireNonNull(uri, "uri"),
        Objects.requireNonNull(expiresAt, "expiresAt"),
        replacement);
  }
}

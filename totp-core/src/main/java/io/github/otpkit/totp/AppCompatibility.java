package io.github.otpkit.totp;

import java.util.List;
import java.util.Objects;

/**
 * Whether an OTP configuration works in the two authenticator apps that most users have, and why
 * not.
 *
 * <p>Only TOTP with SHA-1, 6 digits and a 30-second period (T0 at the Unix epoch) is safe in
 * Microsoft Authenticator, which ignores the {@code algorithm}, {@code digits} and {@code period}
 * parameters and silently computes codes that never match. Google Authenticator needs a 30-second
 * period; its handling of SHA-256/SHA-512 and of 8 digits differs between versions and platforms,
 * so those count as not working here. Because apps accept parameters they cannot honour without any
 * error, an enrollment must always be confirmed with a code from the app.
 *
 * <p>Created by {@link OtpAuthUri#compatibility()} and {@link
 * OtpAuthUri#compatibility(TotpParameters)}. Immutable and thread-safe.
 *
 * @param microsoftAuthenticator {@code true} if Microsoft Authenticator computes matching codes
 * @param googleAuthenticator {@code true} if current Google Authenticator versions on Android and
 *     iOS reliably compute matching codes
 * @param warnings one English sentence per problem found, empty if both apps work; never contains
 *     the secret
 */
public record AppCompatibility(
    boolean microsoftAuthenticator, boolean googleAuthenticator, List<String> warnings) {

  /**
   * Validates and copies the warnings.
   *
   * @param microsoftAuthenticator whether Microsoft Authenticator computes matching codes
   * @param googleAuthenticator whether current Google Authenticator versions compute matching codes
   * @param warnings one sentence per problem found, copied
   * @throws NullPointerException if {@code warnings} is or contains {@code null}
   */
  public AppCompatibility {
    warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings"));
  }

  /**
   * Tells whether both apps compute matching codes.
   *
   * @return {@code microsoftAuthenticator() && googleAuthenticator()}
   */
  public boolean worksInBoth() {
    return microsoftAuthenticator && googleAuthenticator;
  }
}

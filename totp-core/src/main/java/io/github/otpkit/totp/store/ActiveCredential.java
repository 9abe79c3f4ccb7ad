package io.github.otpkit.totp.store;

import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.crypto.EncryptedSecret;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The authenticator that an account signs in with: its encrypted secret, its TOTP parameters and
 * when it was switched on.
 *
 * <p>Instants are kept to the microsecond, the precision of SQL {@code TIMESTAMP} columns, so that
 * every {@link EnrollmentStore} returns what it was given.
 *
 * @param secret the secret, encrypted for this account by a {@code SecretCipher}
 * @param parameters the TOTP parameters the authenticator app was given
 * @param enabledSince when the credential was confirmed (truncated to microseconds)
 */
public record ActiveCredential(
    EncryptedSecret secret, TotpParameters parameters, Instant enabledSince) {

  /**
   * Checks for {@code null} and truncates the instant to microseconds.
   *
   * @param secret the encrypted secret
   * @param parameters the TOTP parameters
   * @param enabledSince when the credential was confirmed
   */
  public ActiveCredential {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(parameters, "parameters");
    enabledSince =
        Objects.requireNonNull(enabledSince, "enabledSince").truncatedTo(ChronoUnit.MICROS);
  }
}

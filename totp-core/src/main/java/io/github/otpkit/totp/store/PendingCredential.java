package io.github.otpkit.totp.store;

import io.github.otpkit.totp.TotpParameters;
import io.github.otpkit.totp.crypto.EncryptedSecret;
import io.github.otpkit.totp.internal.Ids;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

/**
 * An authenticator that was handed out (QR code, manual key) but not yet confirmed with a first
 * code: for a first enrollment, or to replace the active authenticator, which keeps working until
 * this one is confirmed.
 *
 * <p>Each pending credential has a random {@code enrollmentId}, so that a confirmation applies only
 * to the very credential whose code was checked: if the user restarted the enrollment in another
 * tab meanwhile, the older confirmation changes nothing. A replacement is marked as such when it is
 * created (after proof of the current factor); a first enrollment can never replace an
 * authenticator that was switched on meanwhile. Instants are kept to the microsecond; the
 * credential can be confirmed at an instant {@code t} only while {@code t < expiresAt}.
 *
 * @param enrollmentId random id of this pending credential, 1 to 64 characters of {@code A-Z a-z
 *     0-9 . _ -}
 * @param secret the new secret, encrypted for this account by a {@code SecretCipher}
 * @param parameters the TOTP parameters given to the authenticator app
 * @param createdAt when the enrollment started (truncated to microseconds)
 * @param expiresAt when it stops being confirmable (truncated to microseconds), after {@code
 *     createdAt}
 * @param replacement {@code true} if it replaces the active authenticator (started after proof of
 *     the current factor), {@code false} for a first enrollment
 */
public record PendingCredential(
    String enrollmentId,
    EncryptedSecret secret,
    TotpParameters parameters,
    Instant createdAt,
    Instant expiresAt,
    boolean replacement) {

  private static final class RandomHolder {
    static final SecureRandom RANDOM = new SecureRandom();
  }

  /**
   * Validates the credential and truncates the instants to microseconds.
   *
   * @param enrollmentId the random id
   * @param secret the encrypted secret
   * @param parameters the TOTP parameters
   * @param createdAt when the enrollment started
   * @param expiresAt when it stops being confirmable
   * @param replacement whether it replaces the active authenticator
   * @throws IllegalArgumentException if the id is invalid or {@code expiresAt} is not after {@code
   *     createdAt}
   */
  public PendingCredential {
    Objects.requireNonNull(enrollmentId, "enrollmentId");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(parameters, "parameters");
    createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MICROS);
    expiresAt = Objects.requireNonNull(expiresAt, "expiresAt").truncatedTo(ChronoUnit.MICROS);
    if (enrollmentId.isEmpty()
        || enrollmentId.length() > 64
        || Ids.firstInvalidChar(enrollmentId) >= 0) {
      throw new IllegalArgumentException(
          "enrollmentId must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'");
    }
    if (!expiresAt.isAfter(createdAt)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "expiresAt must be after createdAt but was %s (created at %s)",
              expiresAt,
              createdAt));
    }
  }

  /**
   * Creates a pending credential with a new random enrollment id.
   *
   * @param secret the new secret, encrypted for the account
   * @param parameters the TOTP parameters
   * @param createdAt when the enrollment starts
   * @param expiresAt when it stops being confirmable
   * @param replacement whether it replaces the active authenticator
   * @return the pending credential
   * @throws IllegalArgumentException if {@code expiresAt} is not after {@code createdAt}
   */
  public static PendingCredential create(
      EncryptedSecret secret,
      TotpParameters parameters,
      Instant createdAt,
      Instant expiresAt,
      boolean replacement) {
    byte[] b = new byte[15];
    RandomHolder.RANDOM.nextBytes(b);
    StringBuilder id = new StringBuilder(30);
    for (byte x : b) {
      id.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return new PendingCredential(
        id.toString(), secret, parameters, createdAt, expiresAt, replacement);
  }

  /**
   * Tells whether the credential can still be confirmed.
   *
   * @param now the current time
   * @return {@code true} if {@code now} is before {@link #expiresAt()}
   */
  public boolean isConfirmableAt(Instant now) {
    Objects.requireNonNull(now, "now");
    return now.isBefore(expiresAt);
  }

  /**
   * Returns the same credential with its secret encrypted anew (key rotation).
   *
   * @param reencrypted the same secret under another key
   * @return the credential with the new ciphertext
   */
  public PendingCredential withSecret(EncryptedSecret reencrypted) {
    return new PendingCredential(
        enrollmentId, reencrypted, parameters, createdAt, expiresAt, replacement);
  }
}

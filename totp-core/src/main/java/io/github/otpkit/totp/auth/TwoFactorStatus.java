package io.github.otpkit.totp.auth;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where an account stands in the two-factor lifecycle, for an account page.
 *
 * @param accountId the account
 * @param enabled whether two-factor authentication is on
 * @param enabledSince when the current authenticator was activated, or {@code null} if off
 * @param enrollmentPending whether a new authenticator is being set up (first enrollment or a
 *     replacement) and has not expired
 * @param enrollmentExpiresAt when that setup expires, or {@code null} if there is none
 * @param recoveryCodesLeft unused recovery codes
 * @param shouldReEnroll whether the active secret is shorter than 16 bytes (imported with {@link
 *     TwoFactorService.ImportOption#ALLOW_SHORT_SECRET}): ask the user to move to a new
 *     authenticator ({@link TwoFactorService#startReplacement})
 */
public record TwoFactorStatus(
    String accountId,
    boolean enabled,
    @Nullable Instant enabledSince,
    boolean enrollmentPending,
    @Nullable Instant enrollmentExpiresAt,
    int recoveryCodesLeft,
    boolean shouldReEnroll) {

  /**
   * Validates the status.
   *
   * @param accountId the account
   * @param enabled whether two-factor authentication is on
   * @param enabledSince when it was activated, or {@code null}
   * @param enrollmentPending whether a setup is in progress
   * @param enrollmentExpiresAt when that setup expires, or {@code null}
   * @param recoveryCodesLeft unused recovery codes, 0 or more
   * @param shouldReEnroll whether the active secret is too short
   */
  public TwoFactorStatus {
    Objects.requireNonNull(accountId, "accountId");
    if (recoveryCodesLeft < 0) {
      throw new IllegalArgumentException(
          "recoveryCodesLeft must be 0 or more but was " + recoveryCodesLeft);
    }
  }
}

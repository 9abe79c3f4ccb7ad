package io.github.otpkit.totp.auth;

import io.github.otpkit.totp.store.RecoveryCodeHash;
import java.util.List;

/**
 * A fresh set of recovery codes, to be shown to the user once; only their hashes are stored.
 *
 * <p>Issued by {@link TwoFactorService} when two-factor authentication is switched on or recovery
 * codes are regenerated ({@link VerificationResult.Accepted#newRecoveryCodes()}). Show {@link
 * #revealCodes()} to the user right away and do not keep this object afterwards: nothing can show
 * the codes again.
 *
 * <p>Each code is 16 characters of Crockford's Base32 alphabet ({@code 0-9 A-Z} without {@code I L
 * O U}), 80 bits from {@link java.security.SecureRandom}, shown in four groups for reading aloud:
 * {@code 7KQ4-M2XD-9HFA-3PZC}.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable and thread-safe.
 */
public final class RecoveryCodes {
  /** Characters in a code, without separators: 16. */
  public static final int CODE_LENGTH = 16;

  private final List<String> codes;
  private final List<RecoveryCodeHash> hashes;

  RecoveryCodes(List<String> codes, List<RecoveryCodeHash> hashes) {
    this.codes = List.copyOf(codes);
    this.hashes = List.copyOf(hashes);
  }

  /**
   * Returns the codes to show to the user, formatted as {@code XXXX-XXXX-XXXX-XXXX}. The caller is
   * responsible for showing them only to the account's owner and never logging them.
   *
   * @return the codes, unmodifiable, in the same order as {@link #hashes()}
   */
  public List<String> revealCodes() {
    return codes;
  }

  /**
   * Returns the stored forms of the codes (salted hashes, bound to the account).
   *
   * @return the hashes, unmodifiable, in the same order as {@link #revealCodes()}
   */
  List<RecoveryCodeHash> hashes() {
    return hashes;
  }

  /**
   * Returns the number of codes.
   *
   * @return the count
   */
  public int count() {
    return codes.size();
  }

  /**
   * Returns a redacted description with the number of codes only.
   *
   * @return e.g. {@code RecoveryCodes[10 codes, redacted]}
   */
  @Override
  public String toString() {
    return "RecoveryCodes[" + codes.size() + " codes, redacted]";
  }
}

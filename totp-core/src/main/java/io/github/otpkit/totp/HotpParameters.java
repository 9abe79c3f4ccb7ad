package io.github.otpkit.totp;

import java.util.Locale;
import java.util.Objects;

/**
 * The parameters of HOTP codes (RFC 4226): the HMAC algorithm and the number of digits.
 *
 * @param algorithm the HMAC algorithm, {@link HmacAlgorithm#SHA1} by default
 * @param digits the code length, 6 to 8 (RFC 4226 section 5.3), 6 by default
 */
public record HotpParameters(HmacAlgorithm algorithm, int digits) {
  /** The smallest code length, 6 (RFC 4226 section 5.3). */
  public static final int MIN_DIGITS = 6;

  /** The largest code length, 8. */
  public static final int MAX_DIGITS = 8;

  /** SHA-1 and 6 digits: what every authenticator app supports. */
  public static final HotpParameters DEFAULT = new HotpParameters(HmacAlgorithm.SHA1, 6);

  /**
   * Validates the parameters.
   *
   * @param algorithm the HMAC algorithm
   * @param digits the code length, 6 to 8
   * @throws IllegalArgumentException if {@code digits} is not 6 to 8
   */
  public HotpParameters {
    Objects.requireNonNull(algorithm, "algorithm");
    checkDigits(digits);
  }

  static void checkDigits(int digits) {
    if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "digits must be %d to %d but was %d", MIN_DIGITS, MAX_DIGITS, digits));
    }
  }

  /**
   * Returns a copy with another algorithm.
   *
   * @param newAlgorithm the algorithm
   * @return new parameters
   */
  public HotpParameters withAlgorithm(HmacAlgorithm newAlgorithm) {
    return new HotpParameters(newAlgorithm, digits);
  }

  /**
   * Returns a copy with another number of digits.
   *
   * @param newDigits 6 to 8
   * @return new parameters
   */
  public HotpParameters withDigits(int newDigits) {
    return new HotpParameters(algorithm, newDigits);
  }
}

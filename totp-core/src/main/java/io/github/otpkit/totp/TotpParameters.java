package io.github.otpkit.totp;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * The parameters of TOTP codes (RFC 6238): algorithm, digits, time step and start time.
 *
 * <p>The time step number at time {@code t} is {@code floor((t - t0) / period)} (RFC 6238 section
 * 4.2), computed in {@code long} so that times past 2038 and steps past 2^32 work.
 *
 * @param algorithm the HMAC algorithm, {@link HmacAlgorithm#SHA1} by default
 * @param digits the code length, 6 to 8, 6 by default
 * @param period the time step X, whole seconds from 1 second to 1 hour, 30 seconds by default
 * @param t0 the Unix time to start counting steps from, whole seconds, the epoch by default
 */
public record TotpParameters(HmacAlgorithm algorithm, int digits, Duration period, Instant t0) {
  /** The longest time step accepted: one hour. */
  public static final Duration MAX_PERIOD = Duration.ofHours(1);

  /**
   * SHA-1, 6 digits, 30 seconds, T0 = 0: the only configuration every authenticator app honours.
   */
  public static final TotpParameters DEFAULT =
      new TotpParameters(HmacAlgorithm.SHA1, 6, Duration.ofSeconds(30), Instant.EPOCH);

  /**
   * Validates the parameters.
   *
   * @param algorithm the HMAC algorithm
   * @param digits the code length, 6 to 8
   * @param period the time step, whole seconds from 1 to 3600
   * @param t0 the start time, a whole second
   * @throws IllegalArgumentException if digits is not 6 to 8, the period is not a whole number of
   *     seconds from 1 to 3600, or T0 is not a whole second
   */
  public TotpParameters {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(t0, "t0");
    HotpParameters.checkDigits(digits);
    if (period.toNanosPart() != 0
        || period.compareTo(Duration.ofSeconds(1)) < 0
        || period.compareTo(MAX_PERIOD) > 0) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "period must be whole seconds from 1 to %d but was %s",
              MAX_PERIOD.toSeconds(),
              period));
    }
    if (!t0.equals(Instant.ofEpochSecond(t0.getEpochSecond()))) {
      throw new IllegalArgumentException("t0 must be a whole second but was " + t0);
    }
  }

  /**
   * Returns the period in seconds.
   *
   * @return 1 to 3600
   */
  public long periodSeconds() {
    return period.toSeconds();
  }

  /**
   * Returns a copy with another algorithm.
   *
   * @param newAlgorithm the algorithm
   * @return new parameters
   */
  public TotpParameters withAlgorithm(HmacAlgorithm newAlgorithm) {
    return new TotpParameters(newAlgorithm, digits, period, t0);
  }

  /**
   * Returns a copy with another number of digits.
   *
   * @param newDigits 6 to 8
   * @return new parameters
   */
  public TotpParameters withDigits(int newDigits) {
    return new TotpParameters(algorithm, newDigits, period, t0);
  }

  /**
   * Returns a copy with another period.
   *
   * @param newPeriod whole seconds, 1 to 3600
   * @return new parameters
   */
  public TotpParameters withPeriod(Duration newPeriod) {
    return new TotpParameters(algorithm, digits, newPeriod, t0);
  }

  /**
   * Returns a copy with another T0.
   *
   * @param newT0 a whole second
   * @return new parameters
   */
  public TotpParameters withT0(Instant newT0) {
    return new TotpParameters(algorithm, digits, period, newT0);
  }

  /**
   * Returns the HOTP parameters (algorithm and digits) that these TOTP parameters use per step.
   *
   * @return the HOTP parameters
   */
  public HotpParameters hotp() {
    return new HotpParameters(algorithm, digits);
  }
}

package io.github.otpkit.totp.examples.cli;

import io.github.otpkit.totp.HmacAlgorithm;
import io.github.otpkit.totp.HotpParameters;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The {@code --algorithm A} and {@code --digits D} options shared by HOTP and TOTP commands. */
final class HmacOptions {
  @Option(
      names = "--algorithm",
      paramLabel = "A",
      description = "HMAC algorithm: SHA1, SHA256 or SHA512 (default: ${DEFAULT-VALUE}).")
  private String algorithm = "SHA1";

  @Option(
      names = "--digits",
      paramLabel = "D",
      converter = WholeNumber.IntConverter.class,
      description = "Code length, 6 to 8 (default: ${DEFAULT-VALUE}).")
  private int digits = 6;

  /**
   * Returns the chosen algorithm.
   *
   * @throws BadInputException if it is not SHA1, SHA256 or SHA512
   */
  HmacAlgorithm algorithm() {
    try {
      return HmacAlgorithm.fromName(algorithm);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--algorithm must be SHA1, SHA256 or SHA512");
    }
  }

  /**
   * Returns the chosen number of digits.
   *
   * @throws BadInputException if it is not 6 to 8
   */
  int digits() {
    if (digits < HotpParameters.MIN_DIGITS || digits > HotpParameters.MAX_DIGITS) {
      throw new BadInputException(
          String.format(
              Locale.ROOT,
              "--digits must be %d to %d but was %d",
              HotpParameters.MIN_DIGITS,
              HotpParameters.MAX_DIGITS,
              digits));
    }
    return digits;
  }

  /**
   * Returns the HOTP parameters.
   *
   * @throws BadInputException if an option is out of range
   */
  HotpParameters hotpParameters() {
    return new HotpParameters(algorithm(), digits());
  }
}

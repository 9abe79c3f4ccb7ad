package io.github.otpkit.totp.examples.cli;

import io.github.otpkit.totp.TotpParameters;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Option;

/**
 * The TOTP options {@code --period P} and {@code --t0 T0}; with {@link HmacOptions} they make the
 * {@link TotpParameters} of the commands that work with time-based codes.
 */
final class TotpOptions {
  @Option(
      names = "--period",
      paramLabel = "P",
      converter = WholeNumber.LongConverter.class,
      description = "Time step in seconds, 1 to 3600 (default: ${DEFAULT-VALUE}).")
  private long period = 30;

  @Option(
      names = "--t0",
      paramLabel = "T0",
      converter = WholeNumber.LongConverter.class,
      description = "Unix time in seconds at which step 0 begins (default: ${DEFAULT-VALUE}).")
  private long t0;

  /**
   * Returns the TOTP parameters.
   *
   * @param hmac the algorithm and digits options
   * @throws BadInputException if an option is out of range
   */
  TotpParameters parameters(HmacOptions hmac) {
    long max = TotpParameters.MAX_PERIOD.toSeconds();
    if (period < 1 || period > max) {
      throw new BadInputException(
          "--period must be 1 to " + max + " seconds but was " + period);
    }
    TimeOption.checkUnixTime("--t0", t0);
    return new TotpParameters(
        hmac.algorithm(), hmac.digits(), Duration.ofSeconds(period), Instant.ofEpochSecond(t0));
  }
}

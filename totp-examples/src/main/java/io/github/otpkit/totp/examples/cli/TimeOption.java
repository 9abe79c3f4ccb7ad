package io.github.otpkit.totp.examples.cli;

import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The {@code --time T} option: the Unix time to compute or check a code at, now by default. */
final class TimeOption {
  /** The largest Unix time that {@link Instant} can hold. */
  static final long MAX_SECONDS = Instant.MAX.getEpochSecond();

  @Option(
      names = "--time",
      paramLabel = "T",
      converter = WholeNumber.LongConverter.class,
      description = "Unix time in seconds (default: now).")
  private @Nullable Long time;

  /**
   * Returns {@code --time}, or the clock's current time in whole seconds.
   *
   * @param clock the clock that says what "now" is
   * @param t0 the start of step 0; the time must not be before it
   * @throws BadInputException if the time is negative, too large or before T0
   */
  Instant resolve(Clock clock, Instant t0) {
    Long given = time;
    if (given == null) {
      long now = clock.instant().getEpochSecond();
      if (now < t0.getEpochSecond()) {
        throw new BadInputException("the current time is before --t0 " + t0.getEpochSecond());
      }
      return Instant.ofEpochSecond(now);
    }
    long seconds = given;
    checkUnixTime("--time", seconds);
    if (seconds < t0.getEpochSecond()) {
      throw new BadInputException(
          "--time must not be before --t0 but was " + seconds + " < " + t0.getEpochSecond());
    }
    return Instant.ofEpochSecond(seconds);
  }

  /**
   * Checks a Unix time given on the command line.
   *
   * @param option the option's name, for the message
   * @param seconds the value
   * @throws BadInputException if the value is negative or beyond {@link Instant#MAX}
   */
  static void checkUnixTime(String option, long seconds) {
    if (seconds < 0) {
      throw new BadInputException(option + " must be 0 or more but was " + seconds);
    }
    if (seconds > MAX_SECONDS) {
      throw new BadInputException(
          option + " must be at most " + MAX_SECONDS + " but was " + seconds);
    }
  }
}

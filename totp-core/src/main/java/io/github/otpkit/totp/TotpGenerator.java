package io.github.otpkit.totp;

import io.github.otpkit.totp.internal.Digits;
import io.github.otpkit.totp.internal.HmacKeys;
import io.github.otpkit.totp.internal.OtpEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Computes TOTP codes (RFC 6238): the HOTP code of the time step {@code floor((t - T0) / X)}.
 *
 * <p>The key is prepared once; each code costs one HMAC. Time comes from an injected {@link Clock}
 * ({@link Clock#systemUTC()} unless {@link #withClock(Clock)} says otherwise), and every method has
 * an overload that takes an explicit {@link Instant} or step. Steps are {@code long}, so dates past
 * 2038 and steps past 2^32 work (RFC 6238 section 4.2).
 *
 * <h2>Thread safety</h2>
 *
 * Immutable and thread-safe; create one per account and reuse it.
 */
public final class TotpGenerator {
  private static final long DEFAULT_PERIOD_SECONDS = 30;

  private final OtpEngine engine;
  private final TotpParameters parameters;
  private final Clock clock;

  private TotpGenerator(OtpEngine engine, TotpParameters parameters, Clock clock) {
    this.engine = engine;
    this.parameters = parameters;
    this.clock = clock;
  }

  /**
   * Creates a generator with the default parameters (SHA-1, 6 digits, 30 seconds, T0 = 0) and the
   * system clock.
   *
   * @param secret the shared secret
   * @return the generator
   * @throws IllegalStateException if the JVM has no digest for the algorithm, or one that cannot be
   *     cloned
   */
  public static TotpGenerator create(OtpSecret secret) {
    return create(secret, TotpParameters.DEFAULT);
  }

  /**
   * Creates a generator with the system clock.
   *
   * @param secret the shared secret
   * @param parameters algorithm, digits, period and T0
   * @return the generator
   * @throws IllegalStateException if the JVM has no digest for the algorithm, or one that cannot be
   *     cloned
   */
  public static TotpGenerator create(OtpSecret secret, TotpParameters parameters) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(parameters, "parameters");
    HmacAlgorithm a = parameters.algorithm();
    return new TotpGenerator(
        HmacKeys.of(a.digestName(), a.blockBytes(), a.outputBytes()).prepare(secret.keyForEngine()),
        parameters,
        Clock.systemUTC());
  }

  /**
   * Returns a generator with the same key and parameters that reads time from another clock.
   *
   * @param newClock the clock, e.g. {@link Clock#fixed} in tests
   * @return a new generator sharing the prepared key
   */
  public TotpGenerator withClock(Clock newClock) {
    return new TotpGenerator(engine, parameters, Objects.requireNonNull(newClock, "clock"));
  }

  /**
   * Returns the parameters.
   *
   * @return algorithm, digits, period and T0
   */
  public TotpParameters parameters() {
    return parameters;
  }

  /**
   * Returns the clock that {@link #generate()} and {@link #currentStep()} read.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Computes the code for the current time of the clock.
   *
   * @return the code
   * @throws IllegalArgumentException if the clock is before T0
   */
  public String generate() {
    return generate(clock.instant());
  }

  /**
   * Computes the code for a given time.
   *
   * @param time the time
   * @return the code, exactly {@code digits} ASCII digits
   * @throws IllegalArgumentException if the time is before T0
   */
  public String generate(Instant time) {
    return generateAtStep(stepAt(time));
  }

  /**
   * Computes the code for a time step.
   *
   * @param step the step number, 0 or more
   * @return the code, exactly {@code digits} ASCII digits
   * @throws IllegalArgumentException if the step is negative
   */
  public String generateAtStep(long step) {
    return Digits.format(valueAtStep(step), parameters.digits());
  }

  /**
   * Computes the code for a time step as a number (leading zeros are lost).
   *
   * @param step the step number, 0 or more
   * @return the code's value, below {@code 10^digits}
   * @throws IllegalArgumentException if the step is negative
   */
  public int valueAtStep(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("time step must be 0 or more but was " + step);
    }
    return engine.code(step, parameters.digits());
  }

  /**
   * Returns the time step of the clock's current time.
   *
   * @return the step number
   * @throws IllegalArgumentException if the clock is before T0
   */
  public long currentStep() {
    return stepAt(clock.instant());
  }

  /**
   * Returns the time step that contains a time: {@code floor((time - T0) / period)}.
   *
   * @param time the time
   * @return the step number, 0 or more
   * @throws IllegalArgumentException if the time is before T0
   */
  public long stepAt(Instant time) {
    return stepAt(parameters, time);
  }

  /**
   * Returns the time step that contains a time for the given parameters.
   *
   * @param parameters the TOTP parameters
   * @param time the time
   * @return the step number, 0 or more
   * @throws IllegalArgumentException if the time is before T0
   */
  public static long stepAt(TotpParameters parameters, Instant time) {
    Objects.requireNonNull(time, "time");
    long seconds = time.getEpochSecond() - parameters.t0().getEpochSecond();
    if (seconds < 0) {
      throw new IllegalArgumentException("time must not be before T0");
    }
    long period = parameters.periodSeconds();
    // The default period, as a constant divisor, becomes a multiplication instead of a division.
    return period == DEFAULT_PERIOD_SECONDS ? seconds / DEFAULT_PERIOD_SECONDS : seconds / period;
  }

  /**
   * Returns the instant at which a time step begins.
   *
   * @param step the step number
   * @return {@code T0 + step * period}
   */
  public Instant stepStart(long step) {
    return parameters.t0().plusSeconds(Math.multiplyExact(step, parameters.periodSeconds()));
  }

  /**
   * Returns how long the code of the clock's current step stays valid, for a countdown.
   *
   * @return the time left in the current step, more than zero and at most the period
   */
  public Duration timeLeftInStep() {
    return timeLeftInStep(clock.instant());
  }

  /**
   * Returns how long the code of the step containing {@code time} stays valid after {@code time}.
   *
   * @param time the time
   * @return the time left in that step, more than zero and at most the period
   * @throws IllegalArgumentException if the time is before T0
   */
  public Duration timeLeftInStep(Instant time) {
    return Duration.between(time, stepStart(stepAt(time) + 1));
  }

  /**
   * Returns the whole seconds left in the current step, rounded up, for a countdown display.
   *
   * @return 1 to the period in seconds
   */
  public long secondsLeftInStep() {
    return secondsLeftInStep(clock.instant());
  }

  /**
   * Returns the whole seconds left in the step containing {@code time}, rounded up.
   *
   * @param time the time
   * @return 1 to the period in seconds
   * @throws IllegalArgumentException if the time is before T0
   */
  public long secondsLeftInStep(Instant time) {
    Duration left = timeLeftInStep(time);
    return left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
  }

  /**
   * Returns a description without key material.
   *
   * @return e.g. {@code TotpGenerator[SHA1, 6 digits, 30 s]}
   */
  @Override
  public String toString() {
    return "TotpGenerator["
        + parameters.algorithm()
        + ", "
        + parameters.digits()
        + " digits, "
        + parameters.periodSeconds()
        + " s]";
  }
}

package io.github.otpkit.totp.test;

import io.github.otpkit.totp.TotpGenerator;
import io.github.otpkit.totp.TotpParameters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Clock} that stands still until a test sets or moves it: the time source to share between
 * the service under test and a {@link VirtualAuthenticator}.
 *
 * <p>Time steps replace waiting: {@link #advanceSteps(long)} moves by whole 30-second steps, {@link
 * #advanceToNextStep()} to the first instant of the next one, and a virtual authenticator on this
 * clock moves it to the next step by itself when a test asks for a code that the service has not
 * seen yet. Unlike {@link Clock#fixed}, one instance can be moved while the service holds it.
 *
 * <pre>{@code
 * TestClock clock = TestClock.at(Instant.parse("2026-03-01T12:00:10Z"));
 * TwoFactorService service = TwoFactorService.builder(store, cipher).clock(clock).build();
 * clock.advanceSteps(1);                   // 30 seconds later, at once
 * clock.advance(Duration.ofMinutes(15));   // an enrollment expires
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe: every read and move is atomic. {@link #withZone(ZoneId)} returns a view that shares
 * the time with this clock.
 */
public final class TestClock extends Clock {
  /**
   * The start instant of {@link #create()} and of the JUnit extension without an annotation:
   * 2026-01-01T00:00:00Z, the first instant of a 30-second step.
   */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final Time now;
  private final ZoneId zone;

  private TestClock(Time now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * Creates a clock at {@link #DEFAULT_START}, in UTC.
   *
   * @return the clock
   */
  public static TestClock create() {
    return at(DEFAULT_START);
  }

  /**
   * Creates a clock at an instant, in UTC.
   *
   * @param start the instant the clock shows until it is moved
   * @return the clock
   */
  public static TestClock at(Instant start) {
    Objects.requireNonNull(start, "start");
    return new TestClock(new Time(start), ZoneOffset.UTC);
  }

  /**
   * Returns the current instant of this clock.
   *
   * @return the instant last set or reached
   */
  @Override
  public Instant instant() {
    return now.get();
  }

  /**
   * Returns the time zone, which only matters to callers that convert the instant to a date.
   *
   * @return UTC, unless this is a {@link #withZone(ZoneId)} view
   */
  @Override
  public ZoneId getZone() {
    return zone;
  }

  /**
   * Returns a view of this clock in another time zone that shares its time: moving either moves
   * both.
   *
   * @param newZone the zone
   * @return the view, or this clock if the zone is the same
   */
  @Override
  public TestClock withZone(ZoneId newZone) {
    Objects.requireNonNull(newZone, "zone");
    return newZone.equals(zone) ? this : new TestClock(now, newZone);
  }

  /**
   * Sets the clock to an instant, earlier or later than the current one.
   *
   * @param instant the new time
   */
  public void set(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    now.set(instant);
  }

  /**
   * Moves the clock forward.
   *
   * @param duration how far, zero or more
   * @return the new time
   * @throws IllegalArgumentException if the duration is negative (use {@link #set} to go back)
   * @throws java.time.DateTimeException if the new time is beyond {@link Instant#MAX}
   */
  public Instant advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "duration must not be negative but was " + duration + " (use set() to go back)");
    }
    return now.update(t -> t.plus(duration));
  }

  /**
   * Moves the clock forward by whole 30-second steps, the default TOTP period.
   *
   * @param steps how many steps, zero or more
   * @return the new time
   * @throws IllegalArgumentException if {@code steps} is negative
   */
  public Instant advanceSteps(long steps) {
    return advanceSteps(steps, TotpParameters.DEFAULT);
  }

  /**
   * Moves the clock forward by whole time steps of the given parameters' period.
   *
   * @param steps how many steps, zero or more
   * @param parameters the TOTP parameters whose period is one step
   * @return the new time
   * @throws IllegalArgumentException if {@code steps} is negative
   */
  public Instant advanceSteps(long steps, TotpParameters parameters) {
    Objects.requireNonNull(parameters, "parameters");
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be 0 or more but was " + steps);
    }
    return advance(Duration.ofSeconds(Math.multiplyExact(steps, parameters.periodSeconds())));
  }

  /**
   * Moves the clock to the first instant of the next 30-second step.
   *
   * @return the new time: the next multiple of 30 seconds since the Unix epoch
   * @throws IllegalArgumentException if the clock is before the Unix epoch
   */
  public Instant advanceToNextStep() {
    return advanceToNextStep(TotpParameters.DEFAULT);
  }

  /**
   * Moves the clock to the first instant of the next time step of the given parameters.
   *
   * @param parameters the TOTP parameters: period and T0
   * @return the new time, {@code T0 + (step + 1) * period}
   * @throws IllegalArgumentException if the clock is before T0
   */
  public Instant advanceToNextStep(TotpParameters parameters) {
    Objects.requireNonNull(parameters, "parameters");
    return now.update(t -> stepStart(parameters, TotpGenerator.stepAt(parameters, t) + 1));
  }

  /**
   * Moves the clock forward to an instant, or leaves it where it is if it is there or later
   * already. Never moves the clock back, so concurrent callers cannot undo each other's moves.
   *
   * @param instant the instant to reach
   * @return the new time, {@code instant} or later
   */
  public Instant advanceTo(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    return now.update(t -> t.isBefore(instant) ? instant : t);
  }

  static Instant stepStart(TotpParameters parameters, long step) {
    return parameters.t0().plusSeconds(Math.multiplyExact(step, parameters.periodSeconds()));
  }

  /**
   * Tells whether another clock is this clock or a view of it in the same zone.
   *
   * @param other the other object
   * @return {@code true} if both share their time and zone
   */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof TestClock clock && clock.now == now && clock.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(now) * 31 + zone.hashCode();
  }

  /**
   * Returns the current time and zone.
   *
   * @return e.g. {@code TestClock[2026-01-01T00:00:00Z, Z]}
   */
  @Override
  public String toString() {
    return "TestClock[" + now.get() + ", " + zone + "]";
  }

  /** The instant that a clock and its zone views share; every access is atomic. */
  private static final class Time {
    private Instant value;

    Time(Instant value) {
      this.value = value;
    }

    synchronized Instant get() {
      return value;
    }

    synchronized void set(Instant newValue) {
      value = newValue;
    }

    synchronized Instant update(UnaryOperator<Instant> change) {
      value = change.apply(value);
      return value;
    }
  }
}

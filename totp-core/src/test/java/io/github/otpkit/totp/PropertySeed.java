package io.github.otpkit.totp;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * The seed of the property tests: {@code -Dotpkit.propertySeed=N} repeats a run, otherwise every
 * run draws a new one. Each failure message carries the seed and the case number.
 */
public final class PropertySeed {
  /** The seed of this JVM's property tests. */
  public static final long SEED =
      Long.getLong("otpkit.propertySeed", new SecureRandom().nextLong());

  /**
   * Percentage of the usual number of cases to run, from {@code -Dotpkit.propertyCasesPercent}: 100
   * by default; mutation testing, which repeats the tests for every mutant, runs fewer.
   */
  private static final int CASES_PERCENT =
      Math.max(1, Math.min(100, Integer.getInteger("otpkit.propertyCasesPercent", 100)));

  private PropertySeed() {}

  /**
   * Returns how many cases a property test runs.
   *
   * @param usual the number of cases in a normal run
   * @return {@code usual}, or fewer under mutation testing, at least 1
   */
  public static int cases(int usual) {
    return Math.max(1, usual * CASES_PERCENT / 100);
  }

  /**
   * Returns a generator for one property test, derived from the seed and the test's name so that
   * tests do not share their random streams.
   *
   * @param test the name of the test
   * @return a new generator
   */
  public static SplittableRandom random(String test) {
    return new SplittableRandom(SEED ^ ((long) test.hashCode() << 32));
  }

  /**
   * Describes a case for a failure message.
   *
   * @param test the name of the test
   * @param index the case number
   * @return e.g. {@code seed 42 (-Dotpkit.propertySeed=42), case 7 of roundTrip}
   */
  public static String describe(String test, int index) {
    return "seed " + SEED + " (-Dotpkit.propertySeed=" + SEED + "), case " + index + " of " + test;
  }
}

package io.github.otpkit.totp.auth;

import java.util.Locale;

/**
 * How many TOTP time steps around the expected one a verifier accepts: {@code behind} steps earlier
 * and {@code ahead} steps later (RFC 6238 sections 5.2 and 6).
 *
 * <p>The default, {@link #DEFAULT}, is one step each way: with 30-second steps a code is accepted
 * for up to about a minute and a half, which absorbs typing time and small clock differences. Every
 * step added raises the chance that a guess succeeds by one in {@code 10^digits}; each side is
 * therefore capped at {@value #MAX}.
 *
 * @param behind steps before the expected step, 0 to {@value #MAX}, 1 by default
 * @param ahead steps after the expected step, 0 to {@value #MAX}, 1 by default
 */
public record Window(int behind, int ahead) {
  /** The largest number of steps on each side, 10. */
  public static final int MAX = 10;

  /** One step behind and one ahead. */
  public static final Window DEFAULT = new Window(1, 1);

  /**
   * Validates the window.
   *
   * @param behind steps before the expected step, 0 to {@value #MAX}
   * @param ahead steps after the expected step, 0 to {@value #MAX}
   * @throws IllegalArgumentException if a side is negative or above {@value #MAX}
   */
  public Window {
    check("behind", behind);
    check("ahead", ahead);
  }

  /**
   * Creates a window.
   *
   * @param behind steps before the expected step, 0 to {@value #MAX}
   * @param ahead steps after the expected step, 0 to {@value #MAX}
   * @return the window
   * @throws IllegalArgumentException if a side is negative or above {@value #MAX}
   */
  public static Window of(int behind, int ahead) {
    return new Window(behind, ahead);
  }

  /**
   * Returns the number of steps whose codes are compared.
   *
   * @return {@code behind + 1 + ahead}
   */
  public int size() {
    return behind + 1 + ahead;
  }

  /**
   * The offsets from the expected step in order of preference: 0, -1, +1, -2, +2, ... A code that
   * matches two candidates is taken as the one closest to the expected step.
   */
  int[] offsetsByPreference() {
    int[] offsets = new int[size()];
    int n = 0;
    offsets[n++] = 0;
    for (int d = 1; d <= Math.max(behind, ahead); d++) {
      if (d <= behind) {
        offsets[n++] = -d;
      }
      if (d <= ahead) {
        offsets[n++] = d;
      }
    }
    return offsets;
  }

  private static void check(String side, int steps) {
    if (steps < 0 || steps > MAX) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "window %s must be 0 to %d steps but was %d", side, MAX, steps));
    }
  }
}

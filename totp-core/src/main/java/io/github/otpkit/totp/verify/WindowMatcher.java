package io.github.otpkit.totp.verify;

import io.github.otpkit.totp.internal.CodeSource;

/**
 * Compares a code with every candidate of a window in constant time.
 *
 * <p>Every candidate is computed and compared, whatever matched before: the comparison is an
 * integer difference folded into one bit without a branch, selections are masks, and the verdict
 * is read only after the loop. The only branches skip candidates below step 0, which depend on
 * the clock, not on the code or the secret.
 */
final class WindowMatcher {
  /** No candidate matched. */
  static final long NO_MATCH = -1;

  private WindowMatcher() {}

  /**
   * Matches a code against the window.
   *
   * @param codes the prepared key
   * @param code the parsed code
   * @param centre the expected step or counter
   * @param offsets offsets from {@code centre}, most preferred first
   * @param lastUsed the last used step, or {@link AccountState#NONE}; candidates at or below it
   *     are not acceptable
   * @return the acceptable matched step (0 or more, the most preferred if several match), else
   *     {@link #usedMatch(long)} of a matched step at or below {@code lastUsed}, else
   *     {@link #NO_MATCH}
   */
  static long match(CodeSource codes, int code, long centre, int[] offsets, long lastUsed) {
    long accepted = 0;
    int found = 0;
    long used = 0;
    int usedFound = 0;
    for (int i = 0; i < offsets.length; i++) {
      long step = centre + offsets[i];
      if (step < 0) {
        continue;
      }
      int value = codes.code(step);
      int equal = equal(value, code);
      int acceptable = (int) ((lastUsed - step) >>> 63);
      int take = equal & acceptable & (found ^ 1);
      accepted = select(take, step, accepted);
      found |= equal & acceptable;
      int stale = equal & (acceptable ^ 1);
      used = select(stale & (usedFound ^ 1), step, used);
      usedFound |= stale;
    }
    if (found == 1) {
      return accepted;
    }
    return usedFound == 1 ? usedMatch(used) : NO_MATCH;
  }

  /**
   * Finds two consecutive codes (RFC 4226 section 7.4): {@code first} at some counter {@code c} in
   * {@code [from, from + count)} and {@code second} at {@code c + 1}.
   *
   * @return the counter of the second code for the lowest such {@code c}, or {@link #NO_MATCH}
   */
  static long matchPair(CodeSource codes, int first, int second, long from, int count) {
    long counter = 0;
    int found = 0;
    int previousIsFirst = 0;
    long end = from + count;
    for (long c = from; c <= end; c++) {
      int value = codes.code(c);
      int pair = previousIsFirst & equal(value, second);
      counter = select(pair & (found ^ 1), c, counter);
      found |= pair;
      previousIsFirst = equal(value, first);
    }
    return found == 1 ? counter : NO_MATCH;
  }

  /** Encodes a matched but already used step as a value below {@link #NO_MATCH}. */
  static long usedMatch(long step) {
    return -2 - step;
  }

  /** Tells whether a {@link #match} result is a {@link #usedMatch}. */
  static boolean isUsedMatch(long result) {
    return result < NO_MATCH;
  }

  /** Decodes a {@link #usedMatch}. */
  static long usedStep(long result) {
    return -2 - result;
  }

  /** 1 if {@code a == b}, else 0, without a branch. */
  static int equal(int a, int b) {
    int difference = a ^ b;
    return ((difference | -difference) >>> 31) ^ 1;
  }

  /** {@code value} if {@code bit} is 1, else {@code otherwise}, without a branch. */
  private static long select(int bit, long value, long otherwise) {
    long mask = -(long) bit;
    return (value & mask) | (otherwise & ~mask);
  }
}

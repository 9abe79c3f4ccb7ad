package io.github.otpkit.totp.auth;

import io.github.otpkit.totp.internal.CodeSource;

/**
 * Compares a code with every candidate of a window in constant time.
 *
 * <p>Every candidate is computed and compared, whatever matched before: the comparison is an
 * integer difference folded into one bit without a branch, selections are masks, and the verdict is
 * read only after the loop. The only branches skip candidates below step 0, which depend on the
 * clock, not on the code or the secret.
 */
final class WindowMatcher {
  /** No candidate matched. */
  static final long NO_MATCH = -1;

  /** What a code matched in a window. */
  enum Outcome {
    /** A step after the last used one: it may be accepted. */
    ACCEPTABLE,
    /** Only a step at or below the last used one: a replay. */
    USED,
    /** No step. */
    NONE
  }

  /**
   * The result of {@link #match}.
   *
   * @param outcome what matched
   * @param step the matched step ({@link #NO_MATCH} for {@link Outcome#NONE})
   */
  record Match(Outcome outcome, long step) {
    static final Match NONE = new Match(Outcome.NONE, NO_MATCH);
  }

  private WindowMatcher() {}

  /**
   * Matches a code against the window.
   *
   * @param codes the prepared key
   * @param code the parsed code
   * @param centre the expected step or counter
   * @param offsets offsets from {@code centre}, most preferred first
   * @param lastUsed the last used step, or {@code AccountState.NONE}; candidates at or below it are
   *     not acceptable
   * @return the acceptable matched step (the most preferred if several match), else the most
   *     preferred matched step at or below {@code lastUsed}, else {@link Match#NONE}
   */
  static Match match(CodeSource codes, int code, long centre, int[] offsets, long lastUsed) {
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
      return new Match(Outcome.ACCEPTABLE, accepted);
    }
    return usedFound == 1 ? new Match(Outcome.USED, used) : Match.NONE;
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

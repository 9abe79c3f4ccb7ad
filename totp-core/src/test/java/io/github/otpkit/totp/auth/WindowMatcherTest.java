package io.github.otpkit.totp.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otpkit.totp.internal.CodeSource;
import io.github.otpkit.totp.store.AccountState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowMatcherTest {

  /** A spy: the code of step s is s + 100000, and every computed step is recorded. */
  private static final class CountingCodes implements CodeSource {
    final List<Long> computed = new ArrayList<>();

    @Override
    public int code(long counter) {
      computed.add(counter);
      return (int) (counter % 1000) + 100_000;
    }
  }

  private static int codeOf(long step) {
    return (int) (step % 1000) + 100_000;
  }

  @Test
  void match_firstCandidateMatches_everyCandidateStillComputed() {
    CountingCodes codes = new CountingCodes();
    int[] offsets = Window.of(3, 4).offsetsByPreference();

    WindowMatcher.Match result =
        WindowMatcher.match(codes, codeOf(500), 500, offsets, AccountState.NONE);

    assertThat(result).isEqualTo(new WindowMatcher.Match(WindowMatcher.Outcome.ACCEPTABLE, 500));
    assertThat(codes.computed)
        .containsExactlyInAnyOrder(497L, 498L, 499L, 500L, 501L, 502L, 503L, 504L);
  }

  @Test
  void match_noCandidateMatches_everyCandidateComputedAndNoMatch() {
    CountingCodes codes = new CountingCodes();

    WindowMatcher.Match result =
        WindowMatcher.match(codes, 42, 500, Window.of(2, 2).offsetsByPreference(), 10);

    assertThat(result).isEqualTo(WindowMatcher.Match.NONE);
    assertThat(codes.computed).hasSize(5);
  }

  @Test
  void match_candidatesBelowStepZero_skipped() {
    CountingCodes codes = new CountingCodes();

    WindowMatcher.Match result =
        WindowMatcher.match(codes, codeOf(0), 1, Window.of(3, 1).offsetsByPreference(), -1);

    assertThat(result).isEqualTo(new WindowMatcher.Match(WindowMatcher.Outcome.ACCEPTABLE, 0));
    assertThat(codes.computed).containsExactlyInAnyOrder(0L, 1L, 2L);
  }

  @Test
  void match_stepAtOrBelowLastUsed_reportedAsUsedNotAccepted() {
    CountingCodes codes = new CountingCodes();

    WindowMatcher.Match result =
        WindowMatcher.match(codes, codeOf(499), 500, Window.of(1, 1).offsetsByPreference(), 499);

    assertThat(result).isEqualTo(new WindowMatcher.Match(WindowMatcher.Outcome.USED, 499));
    assertThat(codes.computed).hasSize(3);
  }

  @Test
  void match_usedStepZero_stillDistinguishableFromNoMatch() {
    WindowMatcher.Match result =
        WindowMatcher.match(
            new CountingCodes(), codeOf(0), 0, Window.of(0, 0).offsetsByPreference(), 0);

    assertThat(result).isEqualTo(new WindowMatcher.Match(WindowMatcher.Outcome.USED, 0));
  }

  @Test
  void match_sameCodeAtTwoSteps_closestToCentreWins() {
    CodeSource codes = counter -> counter == 7 || counter == 9 ? 123_456 : 0;

    WindowMatcher.Match result =
        WindowMatcher.match(codes, 123_456, 8, Window.of(1, 1).offsetsByPreference(), -1);

    assertThat(result).isEqualTo(new WindowMatcher.Match(WindowMatcher.Outcome.ACCEPTABLE, 7));
  }

  @Test
  void match_sameCodeAtUsedAndUnusedStep_unusedAccepted() {
    CodeSource codes = counter -> counter == 7 || counter == 9 ? 123_456 : 0;

    WindowMatcher.Match result =
        WindowMatcher.match(codes, 123_456, 8, Window.of(1, 1).offsetsByPreference(), 7);

    assertThat(result).isEqualTo(new WindowMatcher.Match(WindowMatcher.Outcome.ACCEPTABLE, 9));
  }

  @Test
  void matchPair_consecutiveCodes_counterOfSecondAndEveryCounterComputed() {
    CountingCodes codes = new CountingCodes();

    long result = WindowMatcher.matchPair(codes, codeOf(42), codeOf(43), 10, 100);

    assertThat(result).isEqualTo(43);
    assertThat(codes.computed).hasSize(101).startsWith(10L).endsWith(110L);
  }

  @Test
  void matchPair_codesNotConsecutive_noMatch() {
    assertThat(WindowMatcher.matchPair(new CountingCodes(), codeOf(42), codeOf(44), 10, 100))
        .isEqualTo(WindowMatcher.NO_MATCH);
    assertThat(WindowMatcher.matchPair(new CountingCodes(), codeOf(43), codeOf(42), 10, 100))
        .isEqualTo(WindowMatcher.NO_MATCH);
  }

  @Test
  void matchPair_firstCodeBeforeStart_noMatch() {
    assertThat(WindowMatcher.matchPair(new CountingCodes(), codeOf(9), codeOf(10), 10, 100))
        .isEqualTo(WindowMatcher.NO_MATCH);
  }

  @Test
  void equal_isOneOnlyForEqualValues() {
    assertThat(WindowMatcher.equal(0, 0)).isEqualTo(1);
    assertThat(WindowMatcher.equal(99_999_999, 99_999_999)).isEqualTo(1);
    assertThat(WindowMatcher.equal(0, 1)).isZero();
    assertThat(WindowMatcher.equal(1, 0)).isZero();
    assertThat(WindowMatcher.equal(Integer.MIN_VALUE, 0)).isZero();
    assertThat(WindowMatcher.equal(123_456, 123_457)).isZero();
  }
}

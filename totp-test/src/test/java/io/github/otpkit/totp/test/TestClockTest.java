package io.github.otpkit.totp.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otpkit.totp.TotpParameters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TestClockTest {
  private static final Instant T = Instant.parse("2026-03-01T12:00:10Z");

  @Test
  void create_startsAtTheDefaultStartInUtc() {
    TestClock clock = TestClock.create();

    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(clock.millis()).isEqualTo(TestClock.DEFAULT_START.toEpochMilli());
  }

  @Test
  void at_standsStillUntilMoved() {
    TestClock clock = TestClock.at(T);

    assertThat(clock.instant()).isEqualTo(T);
    assertThat(clock.instant()).isEqualTo(T);
  }

  @Test
  void set_goesEitherWay() {
    TestClock clock = TestClock.at(T);

    clock.set(T.minusSeconds(3600));
    assertThat(clock.instant()).isEqualTo(T.minusSeconds(3600));
    clock.set(T.plusSeconds(7));
    assertThat(clock.instant()).isEqualTo(T.plusSeconds(7));
  }

  @Test
  void advance_movesForwardAndReturnsTheNewTime() {
    TestClock clock = TestClock.at(T);

    assertThat(clock.advance(Duration.ofMillis(1500))).isEqualTo(T.plusMillis(1500));
    assertThat(clock.advance(Duration.ZERO)).isEqualTo(T.plusMillis(1500));
    assertThat(clock.instant()).isEqualTo(T.plusMillis(1500));
  }

  @Test
  void advance_negative_isRefused() {
    TestClock clock = TestClock.at(T);

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duration must not be negative but was PT-1S (use set() to go back)");
    assertThat(clock.instant()).isEqualTo(T);
  }

  @Test
  void advanceSteps_movesByWholePeriods() {
    TestClock clock = TestClock.at(T);

    assertThat(clock.advanceSteps(2)).isEqualTo(T.plusSeconds(60));
    assertThat(clock.advanceSteps(0)).isEqualTo(T.plusSeconds(60));
    TotpParameters minute = TotpParameters.DEFAULT.withPeriod(Duration.ofSeconds(60));
    assertThat(clock.advanceSteps(3, minute)).isEqualTo(T.plusSeconds(240));
    assertThatThrownBy(() -> clock.advanceSteps(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("steps must be 0 or more but was -1");
  }

  @Test
  void advanceToNextStep_goesToTheFirstInstantOfTheNextStep() {
    TestClock clock = TestClock.at(T);

    assertThat(clock.advanceToNextStep()).isEqualTo(Instant.parse("2026-03-01T12:00:30Z"));
    // At the first instant of a step already: the step after it.
    assertThat(clock.advanceToNextStep()).isEqualTo(Instant.parse("2026-03-01T12:01:00Z"));
  }

  @Test
  void advanceToNextStep_followsPeriodAndT0() {
    TestClock clock = TestClock.at(T);
    TotpParameters parameters =
        TotpParameters.DEFAULT.withPeriod(Duration.ofSeconds(60)).withT0(Instant.ofEpochSecond(7));

    assertThat(clock.advanceToNextStep(parameters))
        .isEqualTo(Instant.parse("2026-03-01T12:00:07Z").plusSeconds(60));
  }

  @Test
  void advanceTo_onlyEverMovesForward() {
    TestClock clock = TestClock.at(T);

    assertThat(clock.advanceTo(T.plusSeconds(5))).isEqualTo(T.plusSeconds(5));
    assertThat(clock.advanceTo(T)).isEqualTo(T.plusSeconds(5));
    assertThat(clock.advanceTo(T.plusSeconds(5))).isEqualTo(T.plusSeconds(5));
  }

  @Test
  void withZone_isAViewThatSharesTheTime() {
    TestClock clock = TestClock.at(T);
    ZoneId paris = ZoneId.of("Europe/Paris");

    TestClock view = clock.withZone(paris);
    clock.advance(Duration.ofSeconds(1));
    view.advance(Duration.ofSeconds(2));

    assertThat(view.getZone()).isEqualTo(paris);
    assertThat(view.instant()).isEqualTo(T.plusSeconds(3));
    assertThat(clock.instant()).isEqualTo(T.plusSeconds(3));
    assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
    assertThat(view.withZone(ZoneOffset.UTC)).isEqualTo(clock).hasSameHashCodeAs(clock);
    assertThat(view).isNotEqualTo(clock);
    assertThat(clock).isNotEqualTo(TestClock.at(T.plusSeconds(3)));
    assertThat(clock).isNotEqualTo(Clock.fixed(T.plusSeconds(3), ZoneOffset.UTC));
  }

  @Test
  void toString_showsTimeAndZone() {
    assertThat(TestClock.at(T)).hasToString("TestClock[2026-03-01T12:00:10Z, Z]");
  }

  @Test
  void advance_fromManyThreads_losesNoMove() throws Exception {
    TestClock clock = TestClock.at(T);
    int threads = 8;
    int moves = 1000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < moves; i++) {
                    clock.advance(Duration.ofMillis(1));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(clock.instant()).isEqualTo(T.plusMillis((long) threads * moves));
  }
}

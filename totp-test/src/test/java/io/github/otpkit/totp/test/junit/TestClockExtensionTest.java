package io.github.otpkit.totp.test.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.github.otpkit.totp.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link TestClockExtension} runs real test classes through the JUnit Platform (EngineTestKit). The
 * example classes are {@code @Disabled} so that no build runs them on their own; the kit switches
 * that condition off.
 */
class TestClockExtensionTest {
  /** What the example tests saw, in order. */
  static final List<Object> SEEN = new CopyOnWriteArrayList<>();

  private static Events run(Class<?> example) {
    SEEN.clear();
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter(
            "junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition")
        .selectors(selectClass(example))
        .execute()
        .testEvents();
  }

  @Disabled("an example, run by TestClockExtensionTest")
  @ExtendWith(TestClockExtension.class)
  @TestMethodOrder(MethodOrderer.MethodName.class)
  static class FreshClockPerTest {
    private final TestClock constructed;

    FreshClockPerTest(TestClock clock) {
      this.constructed = clock;
    }

    @BeforeEach
    void before(TestClock clock) {
      SEEN.add(clock.equals(constructed));
    }

    @Test
    void a(TestClock clock) {
      SEEN.add(clock.equals(constructed));
      SEEN.add(clock.instant());
      clock.advance(Duration.ofHours(1));
    }

    @Test
    void b(TestClock clock) {
      SEEN.add(clock.equals(constructed));
      SEEN.add(clock.instant());
      clock.advance(Duration.ofHours(1));
    }

    @AfterEach
    void after(TestClock clock) {
      SEEN.add(clock.instant());
    }
  }

  @Test
  void eachTest_getsAFreshClock_sharedByConstructorBeforeEachTestAndAfterEach() {
    run(FreshClockPerTest.class).assertStatistics(stats -> stats.started(2).succeeded(2));

    Instant start = TestClock.DEFAULT_START;
    Instant later = start.plus(Duration.ofHours(1));
    assertThat(SEEN).containsExactly(true, true, start, later, true, true, start, later);
  }

  @Disabled("an example, run by TestClockExtensionTest")
  @ExtendWith(TestClockExtension.class)
  @TestClockStart("2026-03-01T12:00:10Z")
  @TestMethodOrder(MethodOrderer.MethodName.class)
  static class Annotated {
    @Test
    void a_classStart(TestClock clock) {
      SEEN.add(clock.instant());
    }

    @Test
    @TestClockStart("2030-01-01T00:00:29.5Z")
    void b_methodStart(TestClock clock) {
      SEEN.add(clock.instant());
    }

    @Nested
    class Inner {
      @Test
      void c_enclosingClassStart(TestClock clock) {
        SEEN.add(clock.instant());
      }
    }
  }

  @Test
  void start_methodAnnotationWins_thenClass_thenEnclosingClass() {
    run(Annotated.class).assertStatistics(stats -> stats.started(3).succeeded(3));

    assertThat(SEEN)
        .containsExactly(
            Instant.parse("2026-03-01T12:00:10Z"),
            Instant.parse("2030-01-01T00:00:29.5Z"),
            Instant.parse("2026-03-01T12:00:10Z"));
  }

  @Disabled("an example, run by TestClockExtensionTest")
  @ExtendWith(TestClockExtension.class)
  static class BadStart {
    @Test
    @TestClockStart("yesterday")
    void test(TestClock clock) {
      SEEN.add(clock);
    }
  }

  @Test
  void start_notAnInstant_failsTheTestWithTheReason() {
    run(BadStart.class)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("test"),
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message(
                        "@TestClockStart(\"yesterday\") is not an ISO-8601 instant such as"
                            + " 2026-03-01T12:00:10Z"))));
    assertThat(SEEN).isEmpty();
  }

  @Disabled("an example, run by TestClockExtensionTest")
  @ExtendWith(TestClockExtension.class)
  static class BeforeAllClock {
    @BeforeAll
    static void once(TestClock clock) {
      SEEN.add(clock);
    }

    @Test
    void test() {
      SEEN.add("ran");
    }
  }

  @Test
  void beforeAll_cannotTakeAClock_andSaysWhy() {
    EngineTestKit.Builder kit =
        EngineTestKit.engine("junit-jupiter")
            .configurationParameter(
                "junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition")
            .selectors(selectClass(BeforeAllClock.class));
    SEEN.clear();

    Events containers = kit.execute().containerEvents();

    containers
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message(
                        "a TestClock belongs to one test: take it as a parameter of a @Test,"
                            + " @BeforeEach or @AfterEach method, or of the constructor of a class"
                            + " with the default per-method lifecycle, not of once"))));
    assertThat(SEEN).isEmpty();
  }

  @Disabled("an example, run by TestClockExtensionTest")
  @ExtendWith(TestClockExtension.class)
  static class OtherParameter {
    @Test
    void test(String notAClock) {
      SEEN.add(notAClock);
    }
  }

  @Test
  void otherParameterTypes_areLeftToOtherResolvers() {
    run(OtherParameter.class)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("test"),
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message(m -> m.startsWith("No ParameterResolver registered for parameter")))));
  }
}

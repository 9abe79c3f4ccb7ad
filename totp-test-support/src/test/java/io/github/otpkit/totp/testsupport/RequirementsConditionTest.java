package io.github.otpkit.totp.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;

/**
 * {@link RequiresTool} and {@link RequiresEnv}: the decision on a made-up machine (both branches),
 * and the annotations' wiring into JUnit on the real one.
 */
class RequirementsConditionTest {
  private final FakeHost host = new FakeHost();
  private final RequirementsCondition condition = new RequirementsCondition(new Requirements(host));

  @RequiresTool("oathtool")
  @RequiresTool(value = "/usr/bin/chromedriver", debianPackage = "chromium-driver")
  @RequiresEnv(value = "OTPKIT_TEST_POSTGRES_URL", purpose = "a PostgreSQL database")
  static final class Annotated {}

  private ConditionEvaluationResult evaluate() {
    return condition.evaluate(
        List.of(Annotated.class.getAnnotationsByType(RequiresTool.class)),
        List.of(Annotated.class.getAnnotationsByType(RequiresEnv.class)));
  }

  @Test
  void evaluate_everythingThere_enabled() {
    host.environment.put("PATH", "/usr/bin");
    host.executables.add(Path.of("/usr/bin/oathtool"));
    host.executables.add(Path.of("/usr/bin/chromedriver"));
    host.environment.put("OTPKIT_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1/otpkit");
    host.environment.put("CI", "true");

    assertThat(evaluate().isDisabled()).isFalse();
  }

  @Test
  void evaluate_missingLocally_disabledWithEveryReason() {
    host.environment.put("PATH", "/usr/bin");
    host.executables.add(Path.of("/usr/bin/oathtool"));

    ConditionEvaluationResult result = evaluate();

    assertThat(result.isDisabled()).isTrue();
    assertThat(result.getReason())
        .hasValue(
            "no /usr/bin/chromedriver: install the Debian package chromium-driver to run this test;"
                + " OTPKIT_TEST_POSTGRES_URL is not set (a PostgreSQL database): set it to run"
                + " this test");
  }

  @Test
  void evaluate_missingInCi_failsNamingWhatIsMissing() {
    host.environment.put("PATH", "/usr/bin");
    host.executables.add(Path.of("/usr/bin/chromedriver"));
    host.environment.put("OTPKIT_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1/otpkit");
    host.environment.put("CI", "true");

    assertThatThrownBy(this::evaluate)
        .isExactlyInstanceOf(AssertionFailedError.class)
        .hasMessage(
            "no oathtool on PATH: install the Debian package oathtool to run this test"
                + " (CI is set, so this test must not be skipped)");
  }

  // Wiring: sample classes run by JUnit's test kit on the real machine. They are skipped by
  // surefire's default includes (no "Test" suffix) and run only from here.

  @RequiresTool("sh")
  @RequiresEnv("PATH")
  static final class PresentSample {
    @Test
    void runs() {}
  }

  @RequiresTool(value = "otpkit-no-such-tool", debianPackage = "otpkit-no-such-package")
  static final class MissingToolSample {
    @Test
    void runs() {}
  }

  static final class MethodSample {
    @Test
    @RequiresEnv("OTPKIT_NO_SUCH_VARIABLE")
    void needsVariable() {}

    @Test
    void needsNothing() {}
  }

  private static EngineExecutionResults run(Class<?> sample) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample)).execute();
  }

  @Test
  void annotations_present_testRuns() {
    run(PresentSample.class)
        .allEvents()
        .assertThatEvents()
        .haveExactly(1, event(test("runs"), finishedSuccessfully()));
  }

  @Test
  void annotations_missingTool_classSkippedLocallyFailedInCi() {
    EngineExecutionResults results = run(MissingToolSample.class);
    Events events = results.allEvents();
    String reason =
        "no otpkit-no-such-tool on PATH: install the Debian package otpkit-no-such-package to run"
            + " this test";

    if (Requirements.inCi()) {
      events
          .assertThatEvents()
          .haveExactly(
              1,
              event(
                  finishedWithFailure(
                      instanceOf(AssertionFailedError.class),
                      message(reason + " (CI is set, so this test must not be skipped)"))));
      assertThat(results.testEvents().started().count()).as("its test never starts").isZero();
    } else {
      events.assertThatEvents().haveExactly(1, event(skippedWithReason(reason)));
      assertThat(results.testEvents().started().count()).isZero();
    }
  }

  @Test
  void annotations_onMethod_onlyThatMethodIsAffected() {
    Events events = run(MethodSample.class).allEvents();

    events.assertThatEvents().haveExactly(1, event(test("needsNothing"), finishedSuccessfully()));
    if (Requirements.inCi()) {
      events
          .assertThatEvents()
          .haveExactly(
              1,
              event(
                  test("needsVariable"),
                  finishedWithFailure(
                      message(
                          "OTPKIT_NO_SUCH_VARIABLE is not set: set it to run this test"
                              + " (CI is set, so this test must not be skipped)"))));
    } else {
      events
          .assertThatEvents()
          .haveExactly(
              1,
              event(
                  test("needsVariable"),
                  skippedWithReason(
                      "OTPKIT_NO_SUCH_VARIABLE is not set: set it to run this test")));
    }
  }
}

package io.github.otpkit.totp.test.junit;

import io.github.otpkit.totp.test.TestClock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A JUnit Jupiter extension that gives each test its own {@link TestClock}, as a parameter of the
 * test method, of its {@code @BeforeEach} and {@code @AfterEach} methods and of the test class's
 * constructor: all of them get the same clock within one test, and the next test gets a new one.
 *
 * <pre>{@code
 * @ExtendWith(TestClockExtension.class)
 * class SignInTest {
 *   private final TwoFactorService service;
 *
 *   SignInTest(TestClock clock) {                        // the clock of the test about to run
 *     service = TwoFactorService.builder(store, cipher).clock(clock).build();
 *   }
 *
 *   @Test
 *   @TestClockStart("2026-03-01T12:00:10Z")
 *   void signIn(TestClock clock) { ... }                 // the same clock
 * }
 * }</pre>
 *
 * <p>The clock starts at the instant of {@link TestClockStart} on the method, else on the class or
 * an enclosing class, else at {@link TestClock#DEFAULT_START}. {@code @BeforeAll} methods and
 * constructors of classes with a per-class lifecycle cannot take one: a clock belongs to one test.
 *
 * <p>Needs JUnit Jupiter 5.12 or later. Thread-safe; JUnit creates one instance per registration.
 */
public final class TestClockExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TestClockExtension.class);

  /** Creates the extension; JUnit calls this for {@code @ExtendWith(TestClockExtension.class)}. */
  public TestClockExtension() {}

  /**
   * Asks JUnit for the test method's context when it creates the test instance, so that a
   * constructor gets the clock of the test that the instance is made for.
   *
   * @param rootContext the context of the test class
   * @return {@link ExtensionContextScope#TEST_METHOD}
   */
  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(
      ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  /**
   * Tells JUnit that this extension resolves parameters of type {@link TestClock}.
   *
   * @param parameterContext the parameter
   * @param extensionContext the context
   * @return whether the parameter's type is {@link TestClock}
   */
  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == TestClock.class;
  }

  /**
   * Returns the current test's clock, creating it at the configured start on first use.
   *
   * @param parameterContext the parameter
   * @param extensionContext the context of the current test
   * @return the test's clock
   * @throws ParameterResolutionException outside of a test (a {@code @BeforeAll} method, a
   *     per-class test instance) or if {@link TestClockStart} is not an ISO-8601 instant
   */
  @Override
  public TestClock resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    if (extensionContext.getTestMethod().isEmpty()) {
      throw new ParameterResolutionException(
          "a TestClock belongs to one test: take it as a parameter of a @Test, @BeforeEach or"
              + " @AfterEach method, or of the constructor of a class with the default"
              + " per-method lifecycle, not of "
              + parameterContext.getDeclaringExecutable().getName());
    }
    return extensionContext
        .getStore(NAMESPACE)
        .computeIfAbsent(
            TestClock.class, key -> TestClock.at(start(extensionContext)), TestClock.class);
  }

  private static Instant start(ExtensionContext context) {
    Optional<TestClockStart> annotation =
        AnnotationSupport.findAnnotation(context.getTestMethod(), TestClockStart.class);
    if (annotation.isEmpty()) {
      annotation =
          AnnotationSupport.findAnnotation(
              context.getRequiredTestClass(),
              TestClockStart.class,
              context.getEnclosingTestClasses());
    }
    if (annotation.isEmpty()) {
      return TestClock.DEFAULT_START;
    }
    String text = annotation.get().value();
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new ParameterResolutionException(
          "@TestClockStart(\""
              + text
              + "\") is not an ISO-8601 instant such as 2026-03-01T12:00:10Z",
          e);
    }
  }
}

package io.github.otpkit.totp.test.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The instant at which the {@link io.github.otpkit.totp.test.TestClock} that {@link
 * TestClockExtension} gives a test starts.
 *
 * <p>On a test method, or on a test class for all its tests (a method's annotation wins, then the
 * class's, then an enclosing class's for {@code @Nested} tests). Without it, the clock starts at
 * {@link io.github.otpkit.totp.test.TestClock#DEFAULT_START}.
 *
 * <pre>{@code
 * @Test
 * @TestClockStart("2026-03-01T12:00:29Z")   // one second before a step ends
 * void codeOfTheLastSecond(TestClock clock) { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface TestClockStart {
  /**
   * Returns the start instant in ISO-8601 form, as {@link java.time.Instant#parse} reads it.
   *
   * @return for example {@code 2026-03-01T12:00:10Z}
   */
  String value();
}

/**
 * A JUnit Jupiter extension that gives each test its own {@link
 * io.github.otpkit.totp.test.TestClock}: {@link
 * io.github.otpkit.totp.test.junit.TestClockExtension}, with the start instant set by {@link
 * io.github.otpkit.totp.test.junit.TestClockStart}.
 *
 * <p>Needs JUnit Jupiter 5.12 or later on the class path or module path (an optional dependency of
 * this module).
 */
@NullMarked
package io.github.otpkit.totp.test.junit;

import org.jspecify.annotations.NullMarked;

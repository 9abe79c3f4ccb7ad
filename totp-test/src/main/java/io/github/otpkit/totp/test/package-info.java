/**
 * A virtual authenticator app and a controllable clock for test suites that sign in with one-time
 * codes.
 *
 * <p>{@link io.github.otpkit.totp.test.VirtualAuthenticator} is a phone in a test: it scans the QR
 * code of an enrollment page (or takes an otpauth URI or a secret), and hands out codes, among them
 * the next code that the service has not seen yet. {@link io.github.otpkit.totp.test.TestClock} is
 * a {@link java.time.Clock} that a test sets and moves; shared by the service under test and the
 * virtual authenticator, it replaces waiting for the next 30-second step. {@link
 * io.github.otpkit.totp.test.QrScanner} reads the text of a QR code from an image.
 *
 * <h2>Security considerations</h2>
 *
 * This package is for tests. It reads secrets out of QR codes by design; keep it in test scope.
 * Nothing here prints a secret, a code or an otpauth URI in {@code toString()} or in an exception
 * message.
 */
@NullMarked
package io.github.otpkit.totp.test;

import org.jspecify.annotations.NullMarked;

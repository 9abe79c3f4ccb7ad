/**
 * otpkit's own test support: the one rule for tests that need an external tool or server (skipped
 * on a developer's machine, failed in CI), and the headless Chromium of the browser tests.
 */
@NullMarked
package io.github.otpkit.totp.testsupport;

import org.jspecify.annotations.NullMarked;

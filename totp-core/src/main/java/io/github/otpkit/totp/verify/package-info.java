/**
 * Verification of codes with windows, replay protection, throttling and drift tracking, and the
 * per-account state store that makes them atomic.
 */
@NullMarked
package io.github.otpkit.totp.verify;

import org.jspecify.annotations.NullMarked;

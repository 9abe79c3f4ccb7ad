/**
 * Micrometer counters of two-factor outcomes, fed by the service's {@link
 * io.github.otpkit.totp.auth.TwoFactorListener}.
 */
@NullMarked
package io.github.otpkit.totp.spring.metrics;

import org.jspecify.annotations.NullMarked;

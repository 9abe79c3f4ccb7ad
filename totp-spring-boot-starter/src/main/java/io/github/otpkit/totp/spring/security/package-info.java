/**
 * A TOTP factor for Spring Security 7's multi-factor authentication: {@link
 * io.github.otpkit.totp.spring.security.TotpFactorConfigurer} asks users who have two-factor
 * authentication on for a code (or a recovery code) after their password and adds the {@link
 * io.github.otpkit.totp.spring.security.TotpFactor#AUTHORITY} factor; users without it sign in with
 * their password alone. {@link io.github.otpkit.totp.spring.security.TwoFactorSessions} does the
 * session work after an enrollment change.
 */
@NullMarked
package io.github.otpkit.totp.spring.security;

import org.jspecify.annotations.NullMarked;

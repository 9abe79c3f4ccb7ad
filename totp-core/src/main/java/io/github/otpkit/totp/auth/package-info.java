/**
 * Two-factor authentication: {@link io.github.otpkit.totp.auth.TwoFactorService} runs the whole
 * journey of a portal (enable, first code, sign-in, recovery codes, new phone, disable), {@link
 * io.github.otpkit.totp.auth.TotpVerifier} and {@link io.github.otpkit.totp.auth.HotpVerifier}
 * check codes on their own; every one of them answers with a {@link
 * io.github.otpkit.totp.auth.VerificationResult} and reports {@link
 * io.github.otpkit.totp.auth.TwoFactorEvent}s, with replay protection and throttling built in.
 */
@NullMarked
@CheckReturnValue
package io.github.otpkit.totp.auth;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;

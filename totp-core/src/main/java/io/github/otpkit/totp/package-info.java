/**
 * One-time passwords (RFC 4226 HOTP, RFC 6238 TOTP), secrets and otpauth URIs.
 *
 * <p>Start with {@link io.github.otpkit.totp.OtpSecret#generate()}, build an {@link
 * io.github.otpkit.totp.OtpAuthUri} for the authenticator app, and compute codes with {@link
 * io.github.otpkit.totp.TotpGenerator} or {@link io.github.otpkit.totp.HotpGenerator}. Verification
 * with replay protection and throttling lives in {@code io.github.otpkit.totp.verify}.
 */
@NullMarked
@CheckReturnValue
package io.github.otpkit.totp;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;

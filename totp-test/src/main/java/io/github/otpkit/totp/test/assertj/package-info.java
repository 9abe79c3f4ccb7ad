/**
 * AssertJ assertions for otpkit's verification results and otpauth URIs; start with {@link
 * io.github.otpkit.totp.test.assertj.OtpAssertions}.
 *
 * <p>Needs AssertJ 3 on the class path or module path (an optional dependency of this module).
 * Failure messages describe results and URIs with their {@code toString()}, which never contains a
 * secret, a code or the URI text.
 */
@NullMarked
package io.github.otpkit.totp.test.assertj;

import org.jspecify.annotations.NullMarked;
